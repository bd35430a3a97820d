package dev.runshift.cli;

import dev.runshift.ports.ServiceRef;
import dev.runshift.release.ReleaseStatus;
import dev.runshift.release.ReleaseWorkflow;
import dev.runshift.service.CurrentRelease;
import dev.runshift.service.ReleaseRecord;
import dev.runshift.service.ServiceReleases;
import dev.runshift.service.ServiceStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import java.util.List;

/**
 * Finds a service's entity and its releases, turning "not there" into the line a user should read.
 */
final class ServiceLookup {
  private ServiceLookup() {}

  /** The entity's status; an unknown service is a {@link CliException}. */
  static ServiceStatus entity(WorkflowClient client, ServiceRef service) {
    try {
      return ServiceReleases.status(client, service);
    } catch (WorkflowNotFoundException e) {
      throw new CliException(
          "unknown service " + service + ": runshift has no record of it (start one with `runshift deploy`)", e);
    }
  }

  /** The workflow id of the release running now; none running is a {@link CliException}. */
  static CurrentRelease running(WorkflowClient client, ServiceRef service) {
    CurrentRelease current = entity(client, service).current();
    if (current == null) {
      throw new CliException("no release is running for " + service);
    }
    return current;
  }

  /**
   * The status of the running release, else of the last finished one; a service with no release yet
   * is a {@link CliException}.
   */
  static ReleaseStatus latestStatus(WorkflowClient client, ServiceRef service) {
    ServiceStatus entity = entity(client, service);
    String workflowId;
    if (entity.current() != null) {
      workflowId = entity.current().workflowId();
    } else {
      List<ReleaseRecord> history = entity.history();
      if (history == null || history.isEmpty()) {
        throw new CliException("no release yet for " + service);
      }
      workflowId = history.get(history.size() - 1).workflowId();
    }
    return releaseStatus(client, workflowId);
  }

  /**
   * The status of {@code service}'s release {@code releaseId}, running or finished; an id the service
   * has no record of is a {@link CliException} naming the ones it has.
   */
  static ReleaseStatus releaseStatus(WorkflowClient client, ServiceRef service, String releaseId) {
    ServiceStatus entity = entity(client, service);
    if (entity.current() != null && releaseId.equals(entity.current().releaseId())) {
      return releaseStatus(client, entity.current().workflowId());
    }
    List<ReleaseRecord> history = entity.history() == null ? List.of() : entity.history();
    return history.stream().filter(r -> releaseId.equals(r.releaseId())).findFirst()
        .map(r -> releaseStatus(client, r.workflowId()))
        .orElseThrow(() -> new CliException("no release " + releaseId + " of " + service + "; its releases: "
            + (history.isEmpty() && entity.current() == null ? "none yet" : java.util.stream.Stream.concat(
                history.stream().map(ReleaseRecord::releaseId),
                java.util.stream.Stream.ofNullable(entity.current()).map(c -> c.releaseId() + " (running)"))
                .collect(java.util.stream.Collectors.joining(", ")))));
  }

  /** Queries one release workflow, waiting briefly if the entity has started it a moment ago. */
  static ReleaseStatus releaseStatus(WorkflowClient client, String workflowId) {
    WorkflowNotFoundException last = null;
    for (int attempt = 0; attempt < 10; attempt++) {
      try {
        return client.newWorkflowStub(ReleaseWorkflow.class, workflowId).status();
      } catch (WorkflowNotFoundException e) {
        last = e;
        sleep(200);
      }
    }
    throw new CliException("release " + workflowId + " not found", last);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted", e);
    }
  }
}
