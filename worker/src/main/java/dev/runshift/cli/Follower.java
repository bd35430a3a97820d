package dev.runshift.cli;

import dev.runshift.local.Pacer;
import dev.runshift.local.ReleaseWatcher;
import dev.runshift.ports.ServiceRef;
import dev.runshift.release.Phase;
import dev.runshift.release.ReleaseOutcome;
import dev.runshift.release.ReleaseStatus;
import dev.runshift.service.CurrentRelease;
import dev.runshift.service.ServiceReleases;
import dev.runshift.service.ServiceStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import java.time.Duration;
import java.util.Objects;

/**
 * Follows a request, then its release, to the end for {@code deploy --wait} and {@code status --watch},
 * showing progress on a {@link ProgressView} and saying how it ended as an {@link OutcomeExit}. Reads only
 * through queries, polling as its {@link Pacer} counts time (tests pass Temporal's skipped time).
 */
final class Follower {
  private final WorkflowClient client;
  private final Pacer pacer;
  private final Duration pollEvery;
  private final ProgressView view;
  private final ReleaseWatcher watcher;

  Follower(WorkflowClient client, Pacer pacer, Duration pollEvery, ProgressView view) {
    this.client = client;
    this.pacer = pacer;
    this.pollEvery = pollEvery;
    this.view = view;
    this.watcher = new ReleaseWatcher(client, pollEvery, pacer);
  }

  long deadline(Duration timeout) {
    return timeout == null ? Long.MAX_VALUE : pacer.nowMillis() + timeout.toMillis();
  }

  /**
   * What the service did with the request {@code dedupeKey} for {@code image}, once it is decided (ignored,
   * started, or queued behind a running release) or at {@code deadlineMillis}, when it may still be
   * {@link SubmissionFate.Unseen} (no worker has taken it up) or queued to start next.
   */
  SubmissionFate settle(ServiceRef service, String dedupeKey, String image, long deadlineMillis)
      throws InterruptedException {
    while (true) {
      SubmissionFate fate = fate(service, dedupeKey, image, false);
      boolean decided = fate instanceof SubmissionFate.Ignored || fate instanceof SubmissionFate.Started
          || fate instanceof SubmissionFate.Queued q && q.behind() != null;
      if (decided || pacer.nowMillis() >= deadlineMillis) {
        return fate;
      }
      pacer.sleep(pollEvery);
    }
  }

  /**
   * Follows the request until its release ends, waits for an operator, or the deadline passes; a request
   * the service ignores (at once, superseded while queued, or skipped when its turn came) is
   * {@link OutcomeExit#IGNORED}.
   */
  OutcomeExit request(ServiceRef service, String dedupeKey, String image, long deadlineMillis)
      throws InterruptedException {
    boolean seen = false;
    CurrentRelease waitingBehind = null;
    while (true) {
      SubmissionFate fate = fate(service, dedupeKey, image, seen);
      if (fate instanceof SubmissionFate.Ignored ignored) {
        view.note("ignored: " + ignored.reason());
        return OutcomeExit.IGNORED;
      }
      if (fate instanceof SubmissionFate.Started started) {
        view.note("following release " + started.releaseId());
        return release(started.workflowId(), deadlineMillis, true);
      }
      if (fate instanceof SubmissionFate.Queued queued) {
        seen = true;
        if (queued.behind() != null && !Objects.equals(queued.behind(), waitingBehind)) {
          waitingBehind = queued.behind();
          view.note("queued behind release " + waitingBehind.releaseId() + " of " + waitingBehind.image());
        }
      }
      if (pacer.nowMillis() >= deadlineMillis) {
        view.note("timed out: the request has not started yet; it stays queued");
        return OutcomeExit.TIMED_OUT;
      }
      pacer.sleep(pollEvery);
    }
  }

  /**
   * Follows one release until it ends, until the deadline, or (with {@code stopAtOperator}) until it waits
   * for an operator, and says which.
   */
  OutcomeExit release(String workflowId, long deadlineMillis, boolean stopAtOperator) throws InterruptedException {
    ReleaseWatcher.Followed followed = watcher.follow(
        workflowId, view::show, s -> stopAtOperator && s.phase() == Phase.AWAITING_OPERATOR, deadlineMillis);
    ReleaseStatus last = followed.last();
    return switch (followed.stop()) {
      case ENDED -> ended(followed.outcome(), followed.failure());
      case STOPPED -> {
        view.note("waiting for an operator: " + failure(last) + "; decide with `runshift retry|skip|abort "
            + last.service().service() + "`");
        yield OutcomeExit.AWAITING_OPERATOR;
      }
      case TIMED_OUT -> {
        view.note("timed out: the release is still " + (last == null ? "starting" : last.phase())
            + "; it keeps running");
        yield OutcomeExit.TIMED_OUT;
      }
    };
  }

  private OutcomeExit ended(ReleaseOutcome outcome, String failure) {
    if (outcome == null) {
      view.note("failed: the release workflow ended without an outcome: " + failure);
      return OutcomeExit.FAILED;
    }
    String reason = outcome.reason() == null || outcome.reason().isBlank() ? "" : ": " + outcome.reason();
    view.note(outcome.phase().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " "
        + outcome.releaseId() + reason);
    return OutcomeExit.of(outcome.phase());
  }

  private static String failure(ReleaseStatus s) {
    if (s == null || s.failure() == null) {
      return "(no failure recorded)";
    }
    return s.failure().step() + " failed (" + s.failure().type() + "): " + s.failure().message();
  }

  private SubmissionFate fate(ServiceRef service, String dedupeKey, String image, boolean seen) {
    ServiceStatus status;
    try {
      status = ServiceReleases.status(client, service);
    } catch (WorkflowException e) {
      return new SubmissionFate.Unseen(); // not started yet, or no worker answers queries
    }
    return SubmissionFate.of(status, dedupeKey, image, seen);
  }
}
