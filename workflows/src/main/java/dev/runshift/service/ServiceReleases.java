package dev.runshift.service;

import dev.runshift.ports.ServiceRef;
import dev.runshift.ports.TaskQueues;
import dev.runshift.release.Command;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;

/**
 * The client side of service entities: how triggers, the CLI and fleets reach a service. Every call
 * goes to the one entity of that service (started on demand), never to a release directly.
 */
public final class ServiceReleases {
  private ServiceReleases() {}

  /**
   * Delivers {@code request} to the service's entity, starting the entity with {@code settings} if it
   * is not running. Returns once Temporal has durably accepted the signal (and the start, if any);
   * throws if it did not, in which case nothing was delivered and the caller may simply try again.
   */
  public static WorkflowExecution submit(
      WorkflowClient client, ServiceRef service, ServiceSettings settings, ReleaseSubmission request) {
    ServiceWorkflow entity = entityStub(client, service);
    BatchRequest batch = client.newSignalWithStartRequest();
    batch.add(entity::run, ServiceInput.fresh(service, settings));
    batch.add(entity::deploy, request);
    return client.signalWithStart(batch);
  }

  /** Sends a control to the service's entity, which forwards it to the running release. */
  public static void control(WorkflowClient client, ServiceRef service, Command command) {
    ServiceWorkflow entity =
        client.newWorkflowStub(ServiceWorkflow.class, ServiceIds.entityId(service));
    switch (command.action()) {
      case PAUSE -> entity.pause(command.reason());
      case RESUME -> entity.resume(command.reason());
      case PROMOTE -> entity.promote(command.reason());
      case ABORT -> entity.abort(command.reason());
      case APPROVE -> entity.approve(command.reason());
      case RETRY -> entity.retry(command.reason());
      case SKIP -> entity.skip(command.reason());
    }
  }

  /** The service entity's status (the entity must exist). */
  public static ServiceStatus status(WorkflowClient client, ServiceRef service) {
    return client.newWorkflowStub(ServiceWorkflow.class, ServiceIds.entityId(service)).status();
  }

  private static ServiceWorkflow entityStub(WorkflowClient client, ServiceRef service) {
    return client.newWorkflowStub(
        ServiceWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(ServiceIds.entityId(service))
            .setTaskQueue(TaskQueues.WORKFLOWS)
            // Shown in the Temporal UI's list; the entity's current details say what it does now.
            .setStaticSummary("Runshift service " + service)
            .setStaticDetails("The one entity of `" + service + "`: starts its releases one at a time and"
                + " forwards operator signals (pause, resume, retry, skip, abort, promote, approve) to the"
                + " running one.")
            .build());
  }
}
