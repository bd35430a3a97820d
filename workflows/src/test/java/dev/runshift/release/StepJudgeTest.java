package dev.runshift.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runshift.health.Health;
import dev.runshift.health.ReleaseEvidence;
import dev.runshift.policy.RolloutPolicy;
import dev.runshift.ports.ArmCounts;
import dev.runshift.ports.MetricPeriod;
import dev.runshift.ports.PeriodSeries;
import dev.runshift.release.StepAction.Kind;
import dev.runshift.policy.PolicyBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link StepJudge}: the analysis the policy asks for, then {@link StepDecision}. */
class StepJudgeTest {
  private static final long MINUTE = 60_000;
  private static final long T0 = 1_772_438_400_000L;

  private static PeriodSeries minute(long k, long candidateRequests, long candidateErrors, long stableRequests,
      long stableErrors) {
    return new PeriodSeries(List.of(new MetricPeriod(T0 + k * MINUTE, T0 + (k + 1) * MINUTE,
        new ArmCounts(candidateRequests, candidateErrors, null), new ArmCounts(stableRequests, stableErrors, null))),
        List.of());
  }

  private static StepClock at(int index, long shift, long k) {
    return new StepClock(index, shift, T0 + (k + 1) * MINUTE + 5_000, false);
  }

  @Test
  void thresholdAnalysisFailsAfterFailureLimitUnhealthyLooksInARow() {
    RolloutPolicy policy = PolicyBuilder.threshold().build(); // failureLimit 2, maxErrorRate 1%
    ReleaseEvidence evidence = ReleaseEvidence.start(policy, null);
    long shift = T0 + 5_000;
    evidence.startStep(0, shift);

    evidence.add(minute(0, 500, 100, 9_500, 10));
    Look first = StepJudge.look(policy, evidence, at(0, shift, 0));
    assertEquals(Health.UNHEALTHY, first.verdict().health());
    assertNotNull(first.verdict().metrics(), "a threshold verdict carries its window");
    assertNull(first.verdict().evidence());
    assertEquals(Kind.HOLD, first.action().kind(), "1 of 2");

    evidence.add(minute(1, 500, 100, 9_500, 10));
    Look second = StepJudge.look(policy, evidence, at(0, shift, 1));
    assertEquals(Kind.ROLL_BACK, second.action().kind());
    assertTrue(second.action().reason().startsWith("2 consecutive unhealthy verdicts at 5%: unhealthy: "
        + "candidate.errorRate"), second.action().reason());

    // A new step (or a retry) starts the count again.
    long next = T0 + 2 * MINUTE + 5_000;
    evidence.startStep(1, next);
    evidence.add(minute(2, 2_500, 500, 7_500, 7));
    assertEquals(Kind.HOLD, StepJudge.look(policy, evidence, at(1, next, 2)).action().kind());
  }

  @Test
  void sequentialAnalysisRollsBackOnTheFirstLookThatShowsHarm() {
    RolloutPolicy policy = RolloutPolicy.defaults();
    ReleaseEvidence evidence = ReleaseEvidence.start(policy, null);
    long shift = T0 + 5_000;
    evidence.startStep(0, shift);
    evidence.add(minute(0, 1_000, 200, 9_000, 45));
    Look look = StepJudge.look(policy, evidence, at(0, shift, 0));
    assertEquals(Health.UNHEALTHY, look.verdict().health());
    assertNotNull(look.verdict().evidence(), "a sequential verdict carries its evidence");
    assertEquals(Kind.ROLL_BACK, look.action().kind());
    assertEquals("at 10%: " + look.verdict().reason(), look.action().reason());
  }

  @Test
  void sequentialAnalysisAsksForNotWorseOnlyWhereTheNextChangeGivesTheCandidateAllTraffic() {
    RolloutPolicy policy = RolloutPolicy.defaults(); // 10, 50, 100
    // Healthy but with too few 5xx to show "not worse than 2x stable": enough at 10%, not at 50%.
    ReleaseEvidence evidence = ReleaseEvidence.start(policy, null);
    long shift = T0 + 5_000;
    evidence.startStep(0, shift);
    evidence.add(minute(0, 1_000, 1, 9_000, 9));
    assertEquals(Kind.ADVANCE, StepJudge.look(policy, evidence, at(0, shift, 0)).action().kind());
    long next = T0 + MINUTE + 5_000;
    evidence.startStep(1, next);
    evidence.add(minute(1, 5_000, 5, 5_000, 5));
    Look look = StepJudge.look(policy, evidence, at(1, next, 1));
    assertEquals(Health.INCONCLUSIVE, look.verdict().health(), look.verdict().reason());
    assertEquals(Kind.HOLD, look.action().kind());
    assertTrue(look.verdict().evidence().needs().startsWith("evidence that the candidate is not worse"),
        look.verdict().evidence().needs());
  }
}
