package dev.runshift.fleet;

import dev.runshift.ports.ServiceRef;
import dev.runshift.release.ReleaseWorkflow;
import dev.runshift.service.CurrentRelease;
import dev.runshift.service.ServiceReleases;
import io.temporal.client.WorkflowClient;
import java.util.ArrayList;
import java.util.List;

/**
 * The client side of {@code fleet abort --cancel-running}: aborts every release the fleet started that is
 * still running. A release is the fleet's when its service's entity runs it for the fleet's origin
 * ({@code fleet:<workflow id>}) and digest; it is aborted by its own workflow id, so a release someone else
 * started meanwhile is never touched. Each aborted release rolls back as any abort does, and its reply
 * settles the service as failed.
 */
public final class RunningFleetReleases {
  private RunningFleetReleases() {}

  /**
   * What {@link #abort} did.
   *
   * @param aborted services whose running release of the fleet was told to abort
   * @param waiting services whose request from the fleet is not running yet (queued behind another
   *     release, or just sent): not aborted
   */
  public record Outcome(List<ServiceRef> aborted, List<ServiceRef> waiting) {}

  /** Aborts the fleet's running releases; send the fleet its abort first, so that no new one starts. */
  public static Outcome abort(WorkflowClient client, String fleetId, String reason) {
    FleetStatus fleet = FleetWorkflows.stub(client, fleetId).status();
    String origin = "fleet:" + FleetWorkflows.workflowId(fleetId);
    List<ServiceRef> aborted = new ArrayList<>();
    List<ServiceRef> waiting = new ArrayList<>();
    for (ServiceRef service : fleet.releasing()) {
      CurrentRelease current = ServiceReleases.status(client, service).current();
      if (current != null && origin.equals(current.origin()) && fleet.digest().equals(current.image())) {
        client.newWorkflowStub(ReleaseWorkflow.class, current.workflowId()).abort(reason);
        aborted.add(service);
      } else {
        waiting.add(service);
      }
    }
    return new Outcome(List.copyOf(aborted), List.copyOf(waiting));
  }
}
