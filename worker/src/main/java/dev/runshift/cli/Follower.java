package dev.runshift.cli;

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Follows a request, then its release, to the end for {@code deploy --wait} and {@code status --watch},
 * showing progress on a {@link ProgressView} and saying how it ended as an {@link OutcomeExit}. Reads only
 * through queries, polling as its {@link Pacer} counts time (tests pass Temporal's skipped time).
 */
final class Follower {
  /** How long one query of the service entity may take before it counts as not answered. */
  static final Duration QUERY_TIMEOUT = Duration.ofSeconds(10);

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
   * Follows the request until its release ends, waits for an operator, or the deadline passes, starting
   * from its {@code settled} fate (already shown to the user). A request ignored because the service
   * already releases or queues the same image follows that release instead, as the entity's own
   * requesters do; a request ignored otherwise (the image is served already, a newer request superseded
   * it while queued, or the service served it by the time its turn came) is {@link OutcomeExit#IGNORED}.
   */
  OutcomeExit request(ServiceRef service, String dedupeKey, String image, SubmissionFate settled, long deadlineMillis)
      throws InterruptedException {
    String key = dedupeKey;
    boolean seen = false;
    boolean joined = false;
    CurrentRelease waitingBehind = null;
    SubmissionFate fate = settled;
    while (true) {
      if (fate instanceof SubmissionFate.Ignored ignored) {
        ServiceStatus now = joined ? null : entity(service);
        joined = true;
        if (now != null && now.queued() != null && image.equals(now.queued().image())) {
          key = now.queued().dedupeKey();
          view.note("following the request already queued for this image");
        } else if (now != null && now.current() != null && image.equals(now.current().image())) {
          key = null;
        } else {
          if (fate != settled) {
            view.note("ignored: " + ignored.reason());
          }
          return OutcomeExit.IGNORED;
        }
        fate = SubmissionFate.of(now, key, image, seen);
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
      fate = fate(service, key, image, seen);
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
    String message = s.failure().message();
    return message == null || message.isBlank() ? s.failure().step() + " failed (" + s.failure().type() + ")" : message;
  }

  private SubmissionFate fate(ServiceRef service, String dedupeKey, String image, boolean seen) {
    ServiceStatus status = entity(service);
    return status == null ? new SubmissionFate.Unseen() : SubmissionFate.of(status, dedupeKey, image, seen);
  }

  /**
   * The entity's status; null if it is not there yet, or no worker answered the query within
   * {@link #QUERY_TIMEOUT} (Temporal holds a query for a minute waiting for a worker; the query is
   * abandoned, the entity is not affected).
   */
  private ServiceStatus entity(ServiceRef service) {
    CompletableFuture<ServiceStatus> query = CompletableFuture.supplyAsync(
        () -> ServiceReleases.status(client, service), task -> {
          Thread thread = new Thread(task, "runshift-entity-query");
          thread.setDaemon(true);
          thread.start();
        });
    try {
      return query.get(QUERY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      query.cancel(true);
      return null;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof WorkflowException) {
        return null;
      }
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted", e);
    }
  }
}
