package dev.runshift.fleet;

import static dev.runshift.fleet.FleetRequests.NEW;
import static dev.runshift.fleet.FleetRequests.OLD;
import static dev.runshift.fleet.FleetRequests.request;

import dev.runshift.ports.ServiceRef;
import io.temporal.common.WorkflowExecutionHistory;
import java.util.List;
import java.util.Map;

/**
 * Fleet scenarios whose histories are committed (recorded by {@link RecordFleetHistories}) and replayed
 * by {@link FleetHistoryTest}.
 */
final class RecordedFleets {
  private RecordedFleets() {}

  /** Three services in waves 1 and 100%, two in flight: every reply comes. Returns the fleet's history. */
  static WorkflowExecutionHistory waves(FleetHarness h) {
    h.givenServices(3, OLD, Map.of());
    h.start("fleet-waves", request(NEW, List.of("1", "100%"), 2, 1));
    h.result("fleet-waves");
    return h.client().fetchHistory("fleet-waves");
  }

  /**
   * Two services, one at a time; the first one's entity and release are terminated while it runs, so no
   * reply comes: the fleet asks the entity after the reply timeout, settles it FAILED and goes on with
   * the second. Returns the fleet's history.
   */
  static WorkflowExecutionHistory overdue(FleetHarness h) {
    List<ServiceRef> services = h.givenServices(2, OLD, Map.of());
    ServiceRef lost = services.get(0);
    h.start("fleet-overdue", request(NEW, List.of("100%"), 1, 2));
    h.entityWaits(lost).awaitReleasesStarted(1);
    String release = h.entity(lost).current().workflowId();
    h.terminateEntity(lost);
    h.terminate(release);
    h.result("fleet-overdue");
    return h.client().fetchHistory("fleet-overdue");
  }
}
