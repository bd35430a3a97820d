package dev.runshift.fleet;

import static dev.runshift.fleet.FleetRequests.NEW;
import static dev.runshift.fleet.FleetRequests.OLD;
import static dev.runshift.fleet.FleetRequests.REPO;
import static dev.runshift.fleet.FleetRequests.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runshift.ports.ServiceRef;
import dev.runshift.service.EntityWaits;
import dev.runshift.service.ReleaseSubmission;
import dev.runshift.service.ServiceIds;
import dev.runshift.service.ServiceReleases;
import dev.runshift.service.ServiceSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A reply that never comes: the fleet asks the service's entity after {@link FleetWorkflowImpl#REPLY_TIMEOUT}
 * and settles the service from what it shows, on the time-skipping test server with real entities and
 * releases.
 */
class FleetOverdueReplyTest {
  private static final long TIMEOUT = FleetWorkflowImpl.REPLY_TIMEOUT.toMillis();

  private final FleetHarness h = new FleetHarness();

  @AfterEach
  void close() {
    h.close();
  }

  // A release abandoned by its terminated entity that then ends on its own is settled from its own end
  // (OverdueRepliesTest): the test server cannot show it, since a child that completes after its parent
  // was terminated leaves time skipping locked for good.

  @Test
  void aReleaseTerminatedWithItsEntityIsAFailureNamingHowItEnded() {
    ServiceRef service = h.givenServices(1, OLD, Map.of()).get(0);
    EntityWaits entity = h.entityWaits(service);
    h.start("fleet-killed", request(NEW, List.of("100%"), 1, 1));
    entity.awaitReleasesStarted(1);
    String release = h.entity(service).current().workflowId();
    h.terminateEntity(service);
    h.terminate(release);

    FleetStatus result = h.result("fleet-killed");

    assertEquals(FleetPhase.STOPPED_BY_BUDGET, result.phase(), result.toString());
    assertEquals(1, result.count(ServiceOutcome.FAILED), result.toString());
    String reason = result.failed().get(0).reason();
    assertTrue(reason.contains("terminated") && reason.contains(ServiceIds.entityId(service)), reason);
    assertTrue(result.updatedAt() - result.startedAt() >= TIMEOUT, "settled before the timeout: " + result);
  }

  @Test
  void aRequestAFreshEntityHasNoRecordOfIsAFailureAndTheNextServiceStillStarts() {
    List<ServiceRef> services = h.givenServices(2, OLD, Map.of());
    ServiceRef reset = services.get(0);
    EntityWaits entity = h.entityWaits(reset);
    FleetRequest twoFailuresAllowed = request(NEW, List.of("100%"), 1, 2);
    h.start("fleet-reset", twoFailuresAllowed);
    entity.awaitReleasesStarted(1);
    String release = h.entity(reset).current().workflowId();
    h.terminateEntity(reset);
    h.terminate(release);
    // The service's entity starts afresh for someone else's request: it knows nothing of the fleet's.
    String other = REPO + "@sha256:" + "7".repeat(64);
    ServiceReleases.submit(h.client(), reset, ServiceSettings.defaults(),
        ReleaseSubmission.ofImage(other, "cli", null, "someone").withPolicy(FleetRequests.policy()));

    FleetStatus result = h.result("fleet-reset");

    assertEquals(FleetPhase.COMPLETED, result.phase(), result.toString());
    assertEquals(1, result.count(ServiceOutcome.FAILED), result.toString());
    assertEquals(1, result.count(ServiceOutcome.PROMOTED), result.toString());
    assertEquals(reset, result.failed().get(0).service());
    assertTrue(result.failed().get(0).reason().contains("no record of the request"), result.failed().toString());
    assertEquals(NEW, h.cloudRun.servingImage(services.get(1)));
    assertTrue(h.cloudRun.spans(reset).stream().anyMatch(span -> span.image().equals(other)),
        "the fresh entity should have released the other image: " + h.cloudRun.spans(reset));
  }

  @Test
  void aReleaseWaitingLongerThanTheTimeoutIsAskedAboutAndStillWaitedFor() {
    ServiceRef service = h.givenServices(1, OLD, Map.of()).get(0);
    EntityWaits entity = h.entityWaits(service);
    // The fleet's release waits for approval after the first step: longer than the reply timeout.
    FleetRequest gated = request(NEW, List.of("100%"), 1, 1).withPolicy(FleetRequests.gatedPolicy());
    h.start("fleet-slow", gated);
    entity.awaitReleasesStarted(1);
    entity.letTimePass(FleetWorkflowImpl.REPLY_TIMEOUT.multipliedBy(2).plusHours(1));
    FleetStatus waiting = h.awaitStatus("fleet-slow", s -> true);
    assertEquals(List.of(service), waiting.releasing(), "a pending release was settled: " + waiting);

    ServiceReleases.control(h.client(), service,
        new dev.runshift.release.Command(dev.runshift.release.Command.Action.APPROVE, "go", "test"));
    FleetStatus result = h.result("fleet-slow");

    assertEquals(FleetPhase.COMPLETED, result.phase(), result.toString());
    assertEquals(1, result.count(ServiceOutcome.PROMOTED), result.toString());
    assertEquals(NEW, h.cloudRun.servingImage(service));
  }
}
