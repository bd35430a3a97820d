package dev.runshift.release;

import dev.runshift.health.Health;
import dev.runshift.health.Verdict;
import dev.runshift.policy.FailureAction;
import dev.runshift.policy.RolloutPolicy;
import java.time.Duration;

/**
 * What follows a verdict: the one pure step decision, in this order:
 *
 * <ol>
 *   <li>{@code failures} Unhealthy verdicts in a row, at least the failure limit (1 for sequential
 *       analysis, whose evidence already accumulates; {@code failureLimit} for threshold analysis): roll
 *       back ({@code onFailure=ROLLBACK}) or ask the operator with traffic held ({@code PAUSE}). This
 *       happens even while paused: a pause never keeps a failing candidate in traffic.
 *   <li>Paused: hold.
 *   <li>Healthy and at the step for at least {@code soak}: advance.
 *   <li>At the step for {@code soak + maxWaitForTraffic} without advancing: ask the operator, traffic held.
 *   <li>Otherwise hold.
 * </ol>
 *
 * Time arithmetic saturates, so no policy value can overflow it.
 */
public final class StepDecision {
  private StepDecision() {}

  public static StepAction decide(RolloutPolicy policy, Verdict verdict, StepClock clock, int failures) {
    int percent = policy.steps().get(clock.stepIndex());
    boolean sequential = policy.verdict().sequential();
    int limit = sequential ? 1 : policy.failureLimit();
    if (verdict.health() == Health.UNHEALTHY && failures >= limit) {
      String failed = (sequential ? "" : failures + " consecutive unhealthy verdicts ")
          + "at " + percent + "%: " + verdict.reason();
      return policy.onFailure() == FailureAction.ROLLBACK
          ? StepAction.rollBack(failed)
          : StepAction.askOperator(StepFailures.ANALYSIS_FAILED, failed + ". Traffic is held (onFailure=PAUSE)");
    }
    if (clock.paused()) {
      return StepAction.hold("paused by an operator; still analysing");
    }
    long atStep = clock.atStepMillis();
    long soak = millis(policy.soak());
    if (verdict.health() == Health.HEALTHY && atStep >= soak) {
      return StepAction.advance("healthy at " + percent + "% after " + Duration.ofMillis(atStep));
    }
    Duration maxWait = policy.maxWaitForTraffic();
    if (maxWait != null && verdict.health() != Health.HEALTHY && atStep >= saturatedSum(soak, millis(maxWait))) {
      return StepAction.askOperator(StepFailures.INSUFFICIENT_TRAFFIC,
          "candidate at " + percent + "% stayed undecided for " + Duration.ofMillis(atStep) + " (soak "
              + policy.soak() + " + maxWaitForTraffic " + maxWait + "): " + verdict.reason() + ". Traffic is held");
    }
    return StepAction.hold(verdict.reason());
  }

  /** A duration in milliseconds, saturating at Long.MAX_VALUE. */
  static long millis(Duration duration) {
    try {
      return duration.toMillis();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }

  static long saturatedSum(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }
}
