package dev.runshift.simulator.cloudbuild;

import com.google.cloudbuild.v1.Build;
import com.google.cloudbuild.v1.Build.FailureInfo.FailureType;
import java.util.Objects;

/**
 * How a simulated build ends.
 *
 * <ul>
 *   <li>{@link #success()}: images pushed, with their digests in {@code results.images}.
 *   <li>{@link #failure(String)}: a step exits with status 1 ({@code USER_BUILD_STEP}); {@code
 *       failure_info.detail} names the step and ends with {@code detail}, the log tail a failing test run
 *       would print.
 *   <li>{@link #failure(FailureType, String)}: the build fails for another reason (e.g. {@code
 *       PUSH_FAILED}); {@code failure_info} is exactly that type and detail.
 *   <li>{@link #timeout()}: the build runs past its {@code timeout} and ends TIMEOUT.
 * </ul>
 */
public record BuildOutcome(Build.Status status, FailureType failureType, String detail) {

  public BuildOutcome {
    Objects.requireNonNull(status, "status");
    if (status != Build.Status.SUCCESS && status != Build.Status.FAILURE && status != Build.Status.TIMEOUT) {
      throw new IllegalArgumentException("a build can be scripted to end SUCCESS, FAILURE or TIMEOUT, not " + status);
    }
    if (status == Build.Status.FAILURE) {
      Objects.requireNonNull(failureType, "failureType");
    }
    detail = detail == null ? "" : detail;
  }

  public static BuildOutcome success() {
    return new BuildOutcome(Build.Status.SUCCESS, null, "");
  }

  /** A step fails with exit status 1 after printing {@code logTail}. */
  public static BuildOutcome failure(String logTail) {
    return new BuildOutcome(Build.Status.FAILURE, FailureType.USER_BUILD_STEP, logTail);
  }

  /** The build fails with {@code failure_info} of {@code type} and {@code detail}. */
  public static BuildOutcome failure(FailureType type, String detail) {
    return new BuildOutcome(Build.Status.FAILURE, type, detail);
  }

  /** The build does not finish within its timeout (ends TIMEOUT at start + timeout). */
  public static BuildOutcome timeout() {
    return new BuildOutcome(Build.Status.TIMEOUT, null, "");
  }

  boolean failsAStep() {
    return failureType == FailureType.USER_BUILD_STEP;
  }
}
