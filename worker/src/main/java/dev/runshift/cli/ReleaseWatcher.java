package dev.runshift.cli;

import dev.runshift.ports.ServiceRef;
import dev.runshift.release.ReleaseOutcome;
import dev.runshift.release.ReleaseStatus;
import dev.runshift.release.ReleaseWorkflow;
import dev.runshift.service.ReleaseRecord;
import dev.runshift.service.ServiceReleases;
import dev.runshift.service.ServiceStatus;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowNotFoundException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Follows releases through their {@code status} query, the way an operator's terminal would. */
public final class ReleaseWatcher {
  private final WorkflowClient client;
  private final Duration pollEvery;
  private final Pacer pacer;

  public ReleaseWatcher(WorkflowClient client, Duration pollEvery) {
    this(client, pollEvery, Pacer.system());
  }

  /** Polling every {@code pollEvery} as {@code pacer} counts time. */
  public ReleaseWatcher(WorkflowClient client, Duration pollEvery, Pacer pacer) {
    this.client = client;
    this.pollEvery = pollEvery;
    this.pacer = pacer;
  }

  /** Why {@link #follow(String, Consumer, Predicate, long)} returned. */
  public enum Stop {
    /** The release ended: {@code outcome} says how, or {@code failure} why its workflow failed. */
    ENDED,
    /** The release reached a status the caller stops at (it keeps running). */
    STOPPED,
    /** The deadline passed first (the release keeps running). */
    TIMED_OUT
  }

  /**
   * What following a release saw last.
   *
   * @param last the last status read (null if the release was never found)
   * @param outcome how the release ended; null unless it ended with an outcome
   * @param failure why the release workflow failed without an outcome (terminated, timed out); else null
   */
  public record Followed(Stop stop, ReleaseStatus last, ReleaseOutcome outcome, String failure) {}

  /**
   * Waits until {@code service}'s entity runs (or has run) a release of {@code image}, and returns that
   * release's workflow id.
   *
   * @throws IllegalStateException if none appears within {@code timeout}
   */
  public String awaitRelease(ServiceRef service, String image, Duration timeout) throws InterruptedException {
    long deadline = pacer.nowMillis() + timeout.toMillis();
    while (pacer.nowMillis() < deadline) {
      Optional<String> found = releaseOf(service, image);
      if (found.isPresent()) {
        return found.get();
      }
      pacer.sleep(pollEvery);
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
    Followed followed = follow(workflowId, onChange, s -> false, Long.MAX_VALUE);
    if (followed.outcome() == null) {
      throw new IllegalStateException("release " + workflowId + " ended without an outcome: " + followed.failure());
    }
    return followed.outcome();
  }

  /**
   * Polls the release until it ends, its status satisfies {@code stopAt}, or the pacer's clock reaches
   * {@code deadlineMillis}, calling {@code onChange} with every status that differs from the one before.
   * A release whose workflow closed without a final phase (terminated, timed out) ends with its failure.
   */
  public Followed follow(
      String workflowId, Consumer<ReleaseStatus> onChange, Predicate<ReleaseStatus> stopAt, long deadlineMillis)
      throws InterruptedException {
    ReleaseWorkflow release = client.newWorkflowStub(ReleaseWorkflow.class, workflowId);
    ReleaseStatus previous = null;
    while (true) {
      ReleaseStatus status = null;
      try {
        status = release.status();
      } catch (WorkflowNotFoundException e) {
        // the entity is starting it
      }
      if (status != null && !status.equals(previous)) {
        onChange.accept(status);
        previous = status;
      }
      if (status != null && status.phase() != null && status.phase().isFinal()) {
        return ended(workflowId, status);
      }
      if (status != null && stopAt.test(status)) {
        return new Followed(Stop.STOPPED, status, null, null);
      }
      if (status != null && closed(workflowId)) {
        return ended(workflowId, status);
      }
      if (pacer.nowMillis() >= deadlineMillis) {
        return new Followed(Stop.TIMED_OUT, previous, null, null);
      }
      pacer.sleep(pollEvery);
    }
  }

  private boolean closed(String workflowId) {
    return client.newUntypedWorkflowStub(workflowId).describe().getStatus()
        != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
  }

  private Followed ended(String workflowId, ReleaseStatus last) {
    try {
      ReleaseOutcome outcome = client.newUntypedWorkflowStub(workflowId).getResult(ReleaseOutcome.class);
      return new Followed(Stop.ENDED, last, outcome, null);
    } catch (WorkflowException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return new Followed(Stop.ENDED, last, null, cause.getMessage());
    }
  }
}
