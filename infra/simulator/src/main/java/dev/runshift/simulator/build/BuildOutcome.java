package dev.runshift.simulator.build;

import com.google.cloudbuild.v1.Build;
import java.util.Objects;

/**
 * How a simulated build ends: {@code SUCCESS} (images pushed with their digests), {@code FAILURE} (a step
 * exits with status 1; {@code failure_info.detail} carries the step and {@code logTail}, as a failing test
 * run would print it) or {@code TIMEOUT} (the build runs past its {@code timeout}).
 */
public record BuildOutcome(Build.Status status, String logTail) {

  public BuildOutcome {
    Objects.requireNonNull(status, "status");
    if (status != Build.Status.SUCCESS && status != Build.Status.FAILURE && status != Build.Status.TIMEOUT) {
      throw new IllegalArgumentException("a build can be scripted to end SUCCESS, FAILURE or TIMEOUT, not " + status);
    }
    logTail = logTail == null ? "" : logTail;
  }

  public static BuildOutcome success() {
    return new BuildOutcome(Build.Status.SUCCESS, "");
  }

  /** A step fails with exit status 1 after printing {@code logTail}. */
  public static BuildOutcome failure(String logTail) {
    return new BuildOutcome(Build.Status.FAILURE, logTail);
  }

  /** The build does not finish within its timeout (ends TIMEOUT at start + timeout). */
  public static BuildOutcome timeout() {
    return new BuildOutcome(Build.Status.TIMEOUT, "");
  }
}
