package dev.runshift.release;

import dev.runshift.events.EventNotice;
import dev.runshift.events.Notifier;
import dev.runshift.events.ReleaseEvent;
import dev.runshift.metrics.RunshiftMetrics;
import dev.runshift.ports.TaskQueues;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends a release's events to the {@link Notifier} on {@code notify}, off the critical path: each send is
 * an activity the release never waits for, except briefly when it ends ({@link #drain}).
 *
 * <p>Guarantees: every event that is a decision (except a lost notification itself) is sent once, with
 * its stable id, retried a bounded number of times within {@link #SCHEDULE_TO_CLOSE}; when that fails, the
 * loss is recorded on the release as a {@link ReleaseEvent.NotificationLost} and counted in
 * {@link RunshiftMetrics#NOTIFICATIONS_FAILED} per failed sink kind ({@code unknown} after a timeout,
 * {@code undelivered} when the release ended first). A release never fails
 * because of a notification, and a deployment with no {@code notify} worker still finishes (its sends
 * time out unseen; the release waits at most {@link #DRAIN} at its end).
 */
final class ReleaseNotifications {
  /** The change that introduced sending events: releases started before it send nothing. */
  static final String RELEASE_EVENTS = "release-events";

  /** A notify worker that is down longer than this loses the events of that time. */
  static final Duration SCHEDULE_TO_CLOSE = Duration.ofMinutes(10);

  /** How long the release waits, when it ends, for the sends still in flight. */
  static final Duration DRAIN = Duration.ofSeconds(30);

  static final ActivityOptions NOTIFY =
      ActivityOptions.newBuilder()
          .setTaskQueue(TaskQueues.NOTIFY)
          .setScheduleToCloseTimeout(SCHEDULE_TO_CLOSE)
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(RetryOptions.newBuilder()
              .setInitialInterval(Duration.ofSeconds(2))
              .setBackoffCoefficient(2.0)
              .setMaximumInterval(Duration.ofMinutes(1))
              .setMaximumAttempts(6)
              .build())
          .build();

  private final Notifier notifier = Workflow.newActivityStub(Notifier.class, NOTIFY);
  /** The events being sent, by id, in the order they were sent. */
  private final Map<String, ReleaseEvent> inFlight = new LinkedHashMap<>();
  private final ReleaseJournal journal;

  ReleaseNotifications(ReleaseJournal journal) {
    this.journal = journal;
  }

  /** Whether {@code event} is sent: every decision but a lost notification (which would loop). */
  static boolean sent(ReleaseEvent event) {
    return event.decision() && !(event instanceof ReleaseEvent.NotificationLost);
  }

  /** Starts sending {@code notice}; a final failure is recorded on the release, never thrown. */
  void send(EventNotice notice) {
    ReleaseEvent event = notice.event();
    inFlight.put(event.id(), event);
    Promise<Void> sending = Async.procedure(notifier::send, notice);
    sending.handle((ok, failure) -> {
      inFlight.remove(event.id());
      if (failure != null) {
        lost(event, rootMessage(failure));
        for (String sink : failedSinks(failure)) {
          RunshiftMetrics.notificationFailed(Workflow.getMetricsScope(), sink);
        }
      }
      return null;
    });
  }

  /**
   * Waits up to {@link #DRAIN} for the sends in flight; those still in flight then are recorded as lost
   * (the release is ending and will not hear of them).
   */
  void drain() {
    if (inFlight.isEmpty()) {
      return;
    }
    Workflow.await(DRAIN, inFlight::isEmpty);
    for (ReleaseEvent event : List.copyOf(inFlight.values())) {
      lost(event, "still being sent " + DRAIN.toSeconds() + "s after the release ended (is a notify worker running?)");
      RunshiftMetrics.notificationFailed(Workflow.getMetricsScope(), "undelivered");
    }
    inFlight.clear();
  }

  private void lost(ReleaseEvent event, String error) {
    journal.record((id, at) -> new ReleaseEvent.NotificationLost(id, at, event.id(), ReleaseEvent.typeName(event), error));
  }

  /** The kinds of the sinks a failed send names ({@link Notifier#FAILED}), else {@code unknown} (a timeout). */
  private static List<String> failedSinks(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ApplicationFailure application && Notifier.FAILED.equals(application.getType())) {
        try {
          String[] kinds = application.getDetails().get(String[].class);
          if (kinds != null && kinds.length > 0) {
            return List.of(kinds);
          }
        } catch (RuntimeException undecodable) {
          break;
        }
      }
    }
    return List.of("unknown");
  }

  private static String rootMessage(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage();
  }
}
