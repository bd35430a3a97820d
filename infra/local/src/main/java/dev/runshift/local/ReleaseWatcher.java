package dev.runshift.local;

import dev.runshift.ports.ServiceRef;
import dev.runshift.release.ReleaseOutcome;
import dev.runshift.release.ReleaseStatus;
import dev.runshift.release.ReleaseWorkflow;
import dev.runshift.service.ReleaseRecord;
import dev.runshift.service.ServiceReleases;
import dev.runshift.service.ServiceStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/** Follows releases through their {@code status} query, the way an operator's terminal would. */
public final class ReleaseWatcher {
  private final WorkflowClient client;
  private final Duration pollEvery;

  public ReleaseWatcher(WorkflowClient client, Duration pollEvery) {
    this.client = client;
    this.pollEvery = pollEvery;
  }

  /**
   * Waits until {@code service}'s entity runs (or has run) a release of {@code image}, and returns that
   * release's workflow id.
   *
   * @throws IllegalStateException if none appears within {@code timeout}
   */
  public String awaitRelease(ServiceRef service, String image, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<String> found = releaseOf(service, image);
      if (found.isPresent()) {
        return found.get();
      }
      Thread.sleep(pollEvery.toMillis());
    }
    throw new IllegalStateException("no release of " + image + " to " + service + " started within " + timeout);
  }

  private Optional<String> releaseOf(ServiceRef service, String image) {
    ServiceStatus entity;
    try {
      entity = ServiceReleases.status(client, service);
    } catch (WorkflowNotFoundException e) {
      return Optional.empty(); // the trigger has not started the entity yet
    }
    if (entity.current() != null && image.equals(entity.current().image())) {
      return Optional.of(entity.current().workflowId());
    }
    return entity.history().stream().filter(r -> image.equals(r.image())).map(ReleaseRecord::workflowId).findFirst();
  }

  /** The release's status now (it has started: its id came from {@link #awaitRelease}). */
  public ReleaseStatus status(String workflowId) {
    return client.newWorkflowStub(ReleaseWorkflow.class, workflowId).status();
  }

  /**
   * Polls the release until its phase is final, calling {@code onChange} with every status that differs
   * from the one before, and returns how it ended.
   */
  public ReleaseOutcome follow(String workflowId, Consumer<ReleaseStatus> onChange) throws InterruptedException {
    ReleaseWorkflow release = client.newWorkflowStub(ReleaseWorkflow.class, workflowId);
    ReleaseStatus previous = null;
    while (true) {
      ReleaseStatus status;
      try {
        status = release.status();
      } catch (WorkflowNotFoundException e) {
        Thread.sleep(pollEvery.toMillis()); // the entity is starting it
        continue;
      }
      if (!status.equals(previous)) {
        onChange.accept(status);
        previous = status;
      }
      if (status.phase() != null && status.phase().isFinal()) {
        return client.newUntypedWorkflowStub(workflowId).getResult(ReleaseOutcome.class);
      }
      Thread.sleep(pollEvery.toMillis());
    }
  }
}
