package dev.runshift.release;

import dev.runshift.health.Health;
import dev.runshift.health.HealthAnalysis;
import dev.runshift.health.ReleaseEvidence;
import dev.runshift.health.SequentialAnalysis;
import dev.runshift.health.Verdict;
import dev.runshift.policy.RolloutPolicy;
import java.util.List;

/**
 * One look at a step, as the release workflow and the decision benchmark both make it: the verdict on the
 * release's evidence (sequential or threshold, as the policy says), then {@link StepDecision}. Pure apart
 * from recording the threshold analysis' run of Unhealthy verdicts in the evidence.
 */
public final class StepJudge {
  private StepJudge() {}

  public static Look look(RolloutPolicy policy, ReleaseEvidence evidence, StepClock clock) {
    Verdict verdict;
    int failures;
    if (policy.verdict().sequential()) {
      verdict = SequentialAnalysis.judge(policy, evidence, requiresNotWorse(policy.steps(), clock.stepIndex()));
      failures = verdict.health() == Health.UNHEALTHY ? 1 : 0;
    } else {
      verdict = HealthAnalysis.analyze(policy, evidence.stepWindow(clock.nowMillis()));
      failures = evidence.noteThresholdVerdict(verdict.health());
    }
    return new Look(verdict, StepDecision.decide(policy, verdict, clock, failures));
  }

  /**
   * Whether leaving step {@code index} needs evidence that the candidate is not worse than stable: at
   * the last step below 100% (leaving it gives the candidate all traffic) and at 100% itself.
   */
  static boolean requiresNotWorse(List<Integer> steps, int index) {
    return steps.get(index) == 100 || (index + 1 < steps.size() && steps.get(index + 1) == 100);
  }
}
