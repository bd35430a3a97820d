package dev.runshift.fleet;

import dev.runshift.ports.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;

/** The client side of fleet redeploys: workflow ids and start options. */
public final class FleetWorkflows {
  private FleetWorkflows() {}

  /** A fleet's workflow id: {@code fleet-<id>} (the id as given when it already has the prefix). */
  public static String workflowId(String fleetId) {
    return fleetId.startsWith("fleet-") ? fleetId : "fleet-" + fleetId;
  }

  public static WorkflowOptions options(String fleetId) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(workflowId(fleetId))
        .setTaskQueue(TaskQueues.WORKFLOWS)
        .setStaticSummary("Fleet redeploy " + fleetId)
        .build();
  }

  /**
   * Options for a cron fleet: Temporal starts a fresh run (a fresh selection and tag resolution) at every
   * {@code cron} time (5-field syntax); a run still going when the next is due makes that one wait.
   */
  public static WorkflowOptions cronOptions(String fleetId, String cron) {
    return WorkflowOptions.newBuilder(options(fleetId)).setCronSchedule(cron).build();
  }

  /** Starts a fleet and returns its stub; fails if a fleet with that id is running. */
  public static FleetWorkflow start(WorkflowClient client, WorkflowOptions options, FleetRequest request) {
    request.validated();
    FleetWorkflow fleet = client.newWorkflowStub(FleetWorkflow.class, options);
    WorkflowClient.start(fleet::run, FleetInput.start(request));
    return fleet;
  }

  public static FleetWorkflow stub(WorkflowClient client, String fleetId) {
    return client.newWorkflowStub(FleetWorkflow.class, workflowId(fleetId));
  }
}
