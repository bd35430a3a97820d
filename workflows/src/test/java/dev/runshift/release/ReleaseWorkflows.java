package dev.runshift.release;

import dev.runshift.ports.TaskQueues;
import io.temporal.client.WorkflowOptions;

/**
 * How tests start a release on its own, without a service entity (production releases are always the
 * entity's children, with the entity's ids): an id, the task queue, a summary and the search attributes.
 */
public final class ReleaseWorkflows {
  private ReleaseWorkflows() {}

  /** One workflow per release id. */
  public static String workflowId(String releaseId) {
    return "release-" + releaseId;
  }

  /**
   * Start options for {@code request}: id {@link #workflowId}, the workflows task queue, a static summary
   * and details for the Temporal UI, and (when {@code withSearchAttributes}, i.e. the namespace has the
   * {@link ReleaseSearchAttributes} registered) the initial search attributes.
   */
  public static WorkflowOptions options(ReleaseRequest request, boolean withSearchAttributes) {
    WorkflowOptions.Builder options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(workflowId(request.releaseId()))
            .setTaskQueue(TaskQueues.WORKFLOWS)
            .setStaticSummary("Release " + shortImage(request) + " to " + request.service())
            .setStaticDetails(
                "release `" + request.releaseId() + "` of `" + request.service() + "` from "
                    + (request.origin() == null ? "unknown origin" : request.origin()));
    if (withSearchAttributes) {
      options.setTypedSearchAttributes(ReleaseSearchAttributes.initial(request));
    }
    return options.build();
  }

  private static String shortImage(ReleaseRequest request) {
    if (request.image() != null) {
      return request.image();
    }
    return request.build() == null ? "?" : request.build().source();
  }
}
