package dev.runshift.metrics;

import com.uber.m3.tally.Scope;
import com.uber.m3.util.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Runshift's own metrics, reported into the scope Temporal gives the code that emits them, so they reach
 * the same registry as Temporal's SDK metrics (Prometheus on the worker's {@code /metrics}) with the
 * SDK's tags (namespace, task queue, workflow or activity type). Workflow code passes {@code
 * Workflow.getMetricsScope()}, which emits nothing while a history is replayed, so each count is once
 * per event; activity code passes {@code Activity.getExecutionContext().getMetricsScope()}.
 *
 * <p>In Prometheus form counters get {@code _total} and timers {@code _seconds_count/_sum/_max}.
 */
public final class RunshiftMetrics {
  /** Releases started. */
  public static final String RELEASES_STARTED = "runshift_releases_started";
  /** Releases ended, tagged {@link #OUTCOME} (promoted, rolled_back, aborted). */
  public static final String RELEASES_FINISHED = "runshift_releases_finished";
  /** Traffic restored to the map from before the release (automatic or by abort). */
  public static final String ROLLBACKS = "runshift_rollbacks";
  /** Time a release spent in one phase, tagged {@link #STEP} (the phase it left). */
  public static final String STEP_TIME = "runshift_release_step";
  /** Verdicts of the analysis, tagged {@link #HEALTH}. */
  public static final String VERDICTS = "runshift_verdicts";
  /** Release events a notifier sink could not deliver after its retries, tagged {@link #SINK}. */
  public static final String NOTIFICATIONS_FAILED = "runshift_notifications_failed";

  public static final String OUTCOME = "outcome";
  public static final String STEP = "step";
  public static final String HEALTH = "health";
  public static final String SINK = "sink";

  private RunshiftMetrics() {}

  public static void releaseStarted(Scope scope) {
    scope.counter(RELEASES_STARTED).inc(1);
  }

  public static void releaseFinished(Scope scope, Enum<?> outcome) {
    scope.tagged(Map.of(OUTCOME, tag(outcome))).counter(RELEASES_FINISHED).inc(1);
  }

  public static void rolledBack(Scope scope) {
    scope.counter(ROLLBACKS).inc(1);
  }

  public static void stepTime(Scope scope, Enum<?> step, long millis) {
    scope.tagged(Map.of(STEP, tag(step))).timer(STEP_TIME).record(Duration.ofMillis(Math.max(0, millis)));
  }

  public static void verdict(Scope scope, Enum<?> health) {
    scope.tagged(Map.of(HEALTH, tag(health))).counter(VERDICTS).inc(1);
  }

  /** For a notifier: one event that {@code sink} (e.g. {@code pubsub}, {@code webhook}) gave up on. */
  public static void notificationFailed(Scope scope, String sink) {
    scope.tagged(Map.of(SINK, sink)).counter(NOTIFICATIONS_FAILED).inc(1);
  }

  private static String tag(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
