package dev.runshift.release;

import dev.runshift.ports.FailureTypes;
import io.temporal.api.enums.v1.RetryState;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TimeoutFailure;
import java.util.Set;

/** Turns an activity's final failure into the {@link StepFailure} an operator reads. */
final class StepFailures {
  static final String BUILD = "build";
  static final String TEST = "test";
  static final String DEPLOY = "deploy";
  static final String SMOKE = "smoke";
  static final String SHIFT = "shift";
  static final String VERIFY = "verify";
  static final String PROMOTE = "promote";
  static final String ROLLBACK = "rollback";

  /** Steps that may be skipped: none of them changes traffic or produces something a later step needs. */
  static final Set<String> SKIPPABLE = Set.of(TEST, SMOKE, VERIFY);

  static final String ANALYSIS_FAILED = "AnalysisFailed";
  static final String INSUFFICIENT_TRAFFIC = "InsufficientTraffic";
  static final String INVALID_TRAFFIC_PLAN = "InvalidTrafficPlan";
  static final String LOOK_BUDGET_SPENT = "LookBudgetSpent";

  private StepFailures() {}

  static StepFailure of(String step, ActivityFailure failure) {
    Throwable cause = failure.getCause();
    String type;
    String message;
    if (cause instanceof ApplicationFailure app) {
      type = app.getType();
      message = app.getOriginalMessage();
    } else if (cause instanceof TimeoutFailure timeout) {
      type = "Timeout";
      message = "activity timed out (" + timeout.getTimeoutType() + ")"
          + (timeout.getCause() instanceof TemporalFailure last ? "; last failure: " + last.getOriginalMessage() : "");
    } else if (cause instanceof CanceledFailure) {
      type = "Canceled";
      message = "activity was canceled";
    } else {
      type = cause == null ? "ActivityFailure" : cause.getClass().getSimpleName();
      message = cause == null ? failure.getOriginalMessage() : String.valueOf(cause.getMessage());
    }
    return new StepFailure(step, type, step + " failed: " + type + ": " + message + hint(type) + next(step, failure));
  }

  /**
   * What happens after a failure that automatic retries did not fix (their time or attempts ran out):
   * a failed metrics read leaves the step waiting for its next look (its caller says so); any other
   * step waits for an operator.
   */
  private static String next(String step, ActivityFailure failure) {
    RetryState state = failure.getRetryState();
    boolean retriedOut = state == RetryState.RETRY_STATE_TIMEOUT || state == RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED;
    if (!retriedOut || VERIFY.equals(step)) {
      return "";
    }
    return ". Automatic retries with backoff (for the policy's transientRetryFor) did not fix it and have"
        + " stopped: the release waits for an operator. Retry starts another round of automatic retries;"
        + " abort restores the traffic from before the release";
  }

  static boolean isOutOfBand(StepFailure failure) {
    return FailureTypes.OUT_OF_BAND_TRAFFIC_CHANGE.equals(failure.type());
  }

  private static String hint(String type) {
    return switch (type) {
      case FailureTypes.PERMISSION_DENIED, FailureTypes.UNAUTHENTICATED ->
          ". Grant the missing permission to the worker's identity, then retry";
      case FailureTypes.OUT_OF_BAND_TRAFFIC_CHANGE ->
          ". Traffic was changed outside this release and was not overwritten; retry adopts the current"
              + " traffic and continues, abort restores the traffic from before the release";
      default -> "";
    };
  }
}
