package dev.runshift.release;

/**
 * Where a step stands in time at one look (workflow time).
 *
 * @param stepIndex index into the policy's steps
 * @param stepStartMillis when the step's traffic change happened (or the operator last retried it)
 * @param nowMillis the look
 * @param paused whether an operator paused the release
 */
public record StepClock(int stepIndex, long stepStartMillis, long nowMillis, boolean paused) {
  /** Time at the step so far, never negative. */
  public long atStepMillis() {
    return Math.max(0, nowMillis - stepStartMillis);
  }
}
