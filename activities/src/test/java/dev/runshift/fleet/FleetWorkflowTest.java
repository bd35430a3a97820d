package dev.runshift.fleet;

import static dev.runshift.fleet.FleetRequests.NEW;
import static dev.runshift.fleet.FleetRequests.OLD;
import static dev.runshift.fleet.FleetRequests.REPO;
import static dev.runshift.fleet.FleetRequests.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runshift.ports.ServiceRef;
import dev.runshift.release.Phase;
import dev.runshift.service.ReleaseSubmission;
import dev.runshift.service.ServiceReleases;
import dev.runshift.service.ServiceSettings;
import dev.runshift.service.ServiceStatus;
import dev.runshift.traffic.TrafficMap;
import dev.runshift.traffic.TrafficTarget;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fleet redeploy on the time-skipping test server, through real service entities and releases. */
class FleetWorkflowTest {
  private final FleetHarness h = new FleetHarness();

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void wavesRunInOrderRespectMaxInFlightAndEveryServiceGetsTheOneResolvedDigest() {
    List<ServiceRef> services = h.givenServices(20, OLD, Map.of());
    h.registry.tag(REPO + ":v2", NEW);
    h.start("fleet-waves", request(REPO + ":v2", List.of("1", "25%", "100%"), 3, 1));

    FleetStatus result = h.result("fleet-waves");

    assertEquals(FleetPhase.COMPLETED, result.phase(), result.toString());
    assertEquals(List.of(1, 5, 20), result.waveEnds());
    assertEquals(20, result.count(ServiceOutcome.PROMOTED));
    assertEquals(1, h.registry.resolves(), "the tag must be resolved once");
    for (ServiceRef s : services) {
      assertEquals(NEW, h.cloudRun.servingImage(s), s.toString());
    }
    List<RecordingCloudRun.Span> spans = h.cloudRun.spans();
    assertEquals(20, spans.size());
    assertTrue(spans.stream().allMatch(s -> s.image().equals(NEW)));
    // Wave k+1's first deploy comes after wave k's last release ended.
    int[] ends = {0, 1, 5, 20};
    for (int w = 1; w < 3; w++) {
      long lastEnd = wave(services, spans, ends[w - 1], ends[w]).stream()
          .mapToLong(RecordingCloudRun.Span::endedAt).max().orElseThrow();
      long nextStart = wave(services, spans, ends[w], ends[w + 1]).stream()
          .mapToLong(RecordingCloudRun.Span::deployedAt).min().orElseThrow();
      assertTrue(nextStart >= lastEnd, "wave " + (w + 1) + " started before wave " + w + " ended");
    }
    assertTrue(h.cloudRun.maxConcurrent() <= 3, "max in flight exceeded: " + h.cloudRun.maxConcurrent());
    assertEquals(3, h.cloudRun.maxConcurrent(), "the last wave should run 3 at a time");
  }

  @Test
  void failureBudgetStopsTheFleetAndLeavesTheRestUntouched() {
    List<ServiceRef> services = h.givenServices(10, OLD, Map.of());
    h.cloudRun.badTenant(services.get(1));
    h.cloudRun.badTenant(services.get(3));
    h.start("fleet-budget", request(NEW, List.of("100%"), 1, 2));

    FleetStatus result = h.result("fleet-budget");

    assertEquals(FleetPhase.STOPPED_BY_BUDGET, result.phase(), result.toString());
    assertEquals(2, result.count(ServiceOutcome.FAILED));
    // 0 promotes, 1 fails, 2 promotes, 3 fails: the budget of 2 is spent; 4..9 never start.
    assertEquals(2, result.count(ServiceOutcome.PROMOTED));
    assertEquals(6, result.untouched());
    assertEquals(4, result.started());
    assertEquals(
        List.of(services.get(1), services.get(3)),
        result.failed().stream().map(ServiceResult::service).toList());
    assertTrue(result.failed().get(0).reason().startsWith("ROLLED_BACK"), result.failed().toString());
    for (int i = 0; i < 10; i++) {
      ServiceRef s = services.get(i);
      String expected = i == 0 || i == 2 ? NEW : OLD;
      assertEquals(expected, h.cloudRun.servingImage(s), s.toString());
      if (i >= 4) {
        assertEquals(List.of(), h.cloudRun.spans(s), s + " should be untouched");
      }
    }
    // The rolled-back tenant serves exactly what it served before.
    assertEquals(new TrafficMap(List.of(TrafficTarget.revision("svc-001-00001", 100))),
        h.cloudRun.traffic(services.get(1)));
  }

  @Test
  void pauseHoldsNewStartsAndAbortWithRollbackRestoresThePromoted() {
    List<ServiceRef> services = h.givenServices(10, OLD, Map.of());
    h.start("fleet-controls", request(NEW, List.of("100%"), 2, 1));
    FleetStatus started = h.awaitStatus("fleet-controls", s -> s.started() >= 3);

    h.fleet("fleet-controls").pause("hold on");
    FleetStatus paused = h.awaitStatus("fleet-controls", s -> s.inFlight().isEmpty());
    int startedWhenPaused = paused.started();
    assertTrue(startedWhenPaused >= started.started());
    h.env.sleep(Duration.ofHours(1));
    FleetStatus stillPaused = h.fleet("fleet-controls").status();
    assertEquals(FleetPhase.PAUSED, stillPaused.phase());
    assertEquals(startedWhenPaused, stillPaused.started(), "a release started while paused");
    assertEquals(startedWhenPaused, h.cloudRun.spans().size());

    h.fleet("fleet-controls").resume("go");
    h.awaitStatus("fleet-controls", s -> s.started() >= startedWhenPaused + 2);
    h.fleet("fleet-controls").abort(new FleetAbort("bad idea", true));

    FleetStatus result = h.result("fleet-controls");

    assertEquals(FleetPhase.ABORTED, result.phase(), result.toString());
    int touched = result.started();
    assertTrue(touched < 10, "abort should leave services untouched: " + result);
    assertEquals(touched, result.count(ServiceOutcome.RESTORED), result.toString());
    for (int i = 0; i < 10; i++) {
      ServiceRef s = services.get(i);
      assertEquals(OLD, h.cloudRun.servingImage(s), s.toString());
      assertEquals(i < touched ? 2 : 0, h.cloudRun.spans(s).size(), s.toString());
    }
  }

  @Test
  void abortWithCancelRunningAbortsTheFleetsRunningReleasesOnlyAndTheirTrafficIsRestored() {
    List<ServiceRef> services = h.givenServices(4, OLD, Map.of());
    ServiceRef own = services.get(3);
    String ownImage = REPO + "@sha256:" + "2".repeat(64);
    h.start("fleet-cancel", request(NEW, List.of("100%"), 2, 3));
    h.entityWaits(services.get(0)).awaitReleasesStarted(1);
    h.entityWaits(services.get(1)).awaitReleasesStarted(1);
    // Someone else's release of a service the fleet has not reached: never the fleet's to abort.
    ServiceReleases.submit(h.client(), own, ServiceSettings.defaults(),
        ReleaseSubmission.ofImage(ownImage, "cli", null, "someone").withPolicy(FleetRequests.policy()));
    h.entityWaits(own).awaitReleasesStarted(1);

    h.fleet("fleet-cancel").abort(new FleetAbort("stop everything", false));
    RunningFleetReleases.Outcome cancelled = RunningFleetReleases.abort(h.client(), "fleet-cancel", "stop everything");

    assertEquals(List.of(services.get(0), services.get(1)), cancelled.aborted());
    assertEquals(List.of(), cancelled.waiting());
    FleetStatus result = h.result("fleet-cancel");
    assertEquals(FleetPhase.ABORTED, result.phase(), result.toString());
    assertEquals(2, result.count(ServiceOutcome.FAILED), result.toString());
    assertTrue(result.failed().stream().allMatch(f -> f.reason().startsWith("ABORTED")), result.failed().toString());
    assertEquals(2, result.untouched());
    for (int i = 0; i < 3; i++) {
      ServiceRef s = services.get(i);
      assertEquals(OLD, h.cloudRun.servingImage(s), s.toString());
      assertEquals(new TrafficMap(List.of(TrafficTarget.revision(s.service() + "-00001", 100))), h.cloudRun.traffic(s));
    }
    h.entityWaits(own).awaitReleasesHandled(1);
    assertEquals(ownImage, h.cloudRun.servingImage(own), "someone else's release must run on");
  }

  @Test
  void aServiceReleasingOnItsOwnIsWaitedForNotInterrupted() {
    List<ServiceRef> services = h.givenServices(3, OLD, Map.of());
    ServiceRef busy = services.get(0);
    String own = REPO + "@sha256:" + "2".repeat(64);
    ServiceReleases.submit(h.client(), busy, ServiceSettings.defaults(),
        ReleaseSubmission.ofImage(own, "cli", null, "someone").withPolicy(FleetRequests.policy()));
    h.entityWaits(busy).awaitReleasesStarted(1);
    assertEquals(own, h.entity(busy).current().image());

    h.start("fleet-wait", request(NEW, List.of("100%"), 3, 1));
    FleetStatus result = h.result("fleet-wait");

    assertEquals(FleetPhase.COMPLETED, result.phase(), result.toString());
    assertEquals(3, result.count(ServiceOutcome.PROMOTED));
    ServiceStatus entity = h.entity(busy);
    assertEquals(List.of(own, NEW), entity.history().stream().map(r -> r.image()).toList());
    assertEquals(List.of(Phase.PROMOTED, Phase.PROMOTED), entity.history().stream().map(r -> r.phase()).toList());
    List<RecordingCloudRun.Span> spans = h.cloudRun.spans(busy);
    assertEquals(List.of("promote", "promote"), spans.stream().map(RecordingCloudRun.Span::end).toList());
    assertTrue(spans.get(1).deployedAt() >= spans.get(0).endedAt(), "the fleet's release overlapped the own one");
    assertEquals(NEW, h.cloudRun.servingImage(busy));
  }

  @Test
  void aFleetRequestReplacedByANewerOneWhileItWaitsIsReportedSuperseded() {
    ServiceRef busy = h.givenServices(1, OLD, Map.of()).get(0);
    String own = REPO + "@sha256:" + "2".repeat(64);
    String newer = REPO + "@sha256:" + "4".repeat(64);
    ServiceReleases.submit(h.client(), busy, ServiceSettings.defaults(),
        ReleaseSubmission.ofImage(own, "cli", null, "someone").withPolicy(FleetRequests.policy()));
    h.entityWaits(busy).awaitReleasesStarted(1);
    h.start("fleet-superseded", request(NEW, List.of("100%"), 1, 1));
    h.awaitStatus("fleet-superseded", s -> s.started() == 1);
    assertEquals(NEW, h.entity(busy).queued().image());
    ServiceReleases.submit(h.client(), busy, ServiceSettings.defaults(),
        ReleaseSubmission.ofImage(newer, "cli", null, "someone").withPolicy(FleetRequests.policy()));

    FleetStatus result = h.result("fleet-superseded");

    assertEquals(FleetPhase.COMPLETED, result.phase(), result.toString());
    assertEquals(1, result.count(ServiceOutcome.SUPERSEDED), result.toString());
    assertEquals(0, result.count(ServiceOutcome.FAILED));
    assertTrue(h.cloudRun.spans().stream().noneMatch(s -> s.image().equals(NEW)));
  }

  @Test
  void selectsByLabelAndRepositoryAndCountsAServiceOnTheDigestAsUnchanged() {
    h.givenService("a-match", OLD, Map.of("tier", "edge"));
    h.givenService("b-other-label", OLD, Map.of("tier", "core"));
    h.givenService("c-other-repo", "europe-docker.pkg.dev/acme/apps/other@sha256:" + "3".repeat(64),
        Map.of("tier", "edge"));
    ServiceRef already = h.givenService("d-already", NEW, Map.of("tier", "edge"));
    FleetRequest base = request(NEW, List.of("100%"), 5, 1);
    FleetRequest request = new FleetRequest(
        new FleetSelector(List.of("acme"), List.of("europe-west1"), Map.of("tier", "edge"), REPO), NEW,
        base.waves(), 5, 1, null, base.policy(), null, false, 0, 0, 100, "test");
    h.start("fleet-select", request);

    FleetStatus result = h.result("fleet-select");

    assertEquals(FleetPhase.COMPLETED, result.phase(), result.toString());
    assertEquals(2, result.selected());
    assertEquals(1, result.count(ServiceOutcome.PROMOTED));
    assertEquals(1, result.count(ServiceOutcome.UNCHANGED));
    assertEquals(List.of(), h.cloudRun.spans(already));
    Map<String, Integer> touched = h.cloudRun.spans().stream()
        .collect(Collectors.toMap(s -> s.service().service(), s -> 1, Integer::sum));
    assertEquals(Map.of("a-match", 1), touched);
  }

  @Test
  void aFleetOf200CompletesWithABadTenantRolledBackWithinBudgetAcrossContinueAsNew() {
    List<ServiceRef> services = h.givenServices(200, OLD, Map.of());
    ServiceRef bad = services.get(57);
    h.cloudRun.badTenant(bad);
    FleetRequest request = request(NEW, List.of("1", "5%", "25%", "100%"), 20, 3).withServicesPerRun(40);
    h.start("fleet-200", request);

    FleetStatus result = h.result("fleet-200");

    assertEquals(FleetPhase.COMPLETED, result.phase(), result.toString());
    assertEquals(199, result.count(ServiceOutcome.PROMOTED));
    assertEquals(1, result.count(ServiceOutcome.FAILED));
    assertEquals(bad, result.failed().get(0).service());
    assertTrue(result.generation() >= 4, "expected continue-as-new, generation " + result.generation());
    assertEquals(OLD, h.cloudRun.servingImage(bad));
    assertEquals(new TrafficMap(List.of(TrafficTarget.revision("svc-057-00001", 100))), h.cloudRun.traffic(bad));
    assertTrue(h.cloudRun.maxConcurrent() <= 20);
    long promoted = services.stream().filter(s -> NEW.equals(h.cloudRun.servingImage(s))).count();
    assertEquals(199, promoted);
  }

  @Test
  void aCronFleetRedeploysWhatTheTagPointsToAtEachRun() {
    List<ServiceRef> services = h.givenServices(4, OLD, Map.of());
    String newer = REPO + "@sha256:" + "5".repeat(64);
    h.registry.tag(REPO + ":stable", NEW);
    FleetWorkflows.start(h.client(), FleetWorkflows.cronOptions("nightly", "0 3 * * *"),
        request(REPO + ":stable", List.of("1", "100%"), 2, 1));

    h.env.sleep(Duration.ofHours(25));
    assertEquals(4, h.cloudRun.spans().size(), "the first run should have released every service");
    services.forEach(s -> assertEquals(NEW, h.cloudRun.servingImage(s)));

    h.registry.tag(REPO + ":stable", newer);
    h.env.sleep(Duration.ofHours(24));

    assertEquals(8, h.cloudRun.spans().size(), "the second run should have released every service again");
    services.forEach(s -> assertEquals(newer, h.cloudRun.servingImage(s)));
    assertEquals(2, h.registry.resolves(), "one resolution per run");
    WorkflowStub.fromTyped(FleetWorkflows.stub(h.client(), "nightly")).terminate("test over");
  }

  private static List<RecordingCloudRun.Span> wave(
      List<ServiceRef> services, List<RecordingCloudRun.Span> spans, int from, int to) {
    List<ServiceRef> members = services.subList(from, to);
    return spans.stream().filter(s -> members.contains(s.service())).toList();
  }
}
