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
    Verdict verdict = verdict(policy, evidence, clock);
    int failures;
    if (policy.verdict().sequential()) {
      failures = verdict.health() == Health.UNHEALTHY ? 1 : 0;
    } else {
      failures = evidence.noteThresholdVerdict(verdict.health());
    }
    return new Look(verdict, StepDecision.decide(policy, verdict, clock, failures));
  }

  /**
   * The look when the latest metrics could not be read: Inconclusive whatever the evidence counted so
   * far shows (shown with it), so the step holds, or asks the operator once it has waited its soak and
   * maxWaitForTraffic; never a rollback and never an advance. Records nothing in the evidence.
   */
  public static Look unread(RolloutPolicy policy, ReleaseEvidence evidence, StepClock clock, String why) {
    Verdict judged = verdict(policy, evidence, clock);
    Verdict verdict = new Verdict(Health.INCONCLUSIVE,
        "the latest metrics could not be read (" + why + "); waiting for the next look",
        judged.comparisons(), judged.metrics(), judged.evidence());
    return new Look(verdict, StepDecision.decide(policy, verdict, clock, 0));
  }

  /** An Inconclusive verdict with no comparisons, for {@code reason}. */
  static Verdict inconclusive(String reason) {
    return new Verdict(Health.INCONCLUSIVE, reason, List.of(), null, null);
  }

  private static Verdict verdict(RolloutPolicy policy, ReleaseEvidence evidence, StepClock clock) {
    return policy.verdict().sequential()
        ? SequentialAnalysis.judge(policy, evidence, requiresNotWorse(policy.steps(), clock.stepIndex()))
        : HealthAnalysis.analyze(policy, evidence.stepWindow(clock.nowMillis()));
  }

  /**
   * Whether leaving step {@code index} needs evidence that the candidate is not worse than stable: at
   * the last step below 100% (leaving it gives the candidate all traffic) and at 100% itself.
   */
  static boolean requiresNotWorse(List<Integer> steps, int index) {
    return steps.get(index) == 100 || (index + 1 < steps.size() && steps.get(index + 1) == 100);
  }
}
