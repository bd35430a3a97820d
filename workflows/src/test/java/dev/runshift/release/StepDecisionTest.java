package dev.runshift.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runshift.health.Health;
import dev.runshift.health.Verdict;
import dev.runshift.policy.FailureAction;
import dev.runshift.policy.RolloutPolicy;
import dev.runshift.release.StepAction.Kind;
import dev.runshift.policy.PolicyBuilder;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link StepDecision}: each rule, the order in which they apply, and time arithmetic that cannot overflow. */
class StepDecisionTest {
  private static final long MINUTE = 60_000;
  private static final long START = 1_772_438_405_000L;

  /** Sequential: failure limit 1; soak 5 min; max wait 30 min; steps 10, 50, 100; roll back. */
  private static final RolloutPolicy SEQ = PolicyBuilder.defaults()
      .soak(Duration.ofMinutes(5)).maxWaitForTraffic(Duration.ofMinutes(30)).build();
  private static final RolloutPolicy SEQ_PAUSE = PolicyBuilder.from(SEQ).onFailure(FailureAction.PAUSE).build();
  /** Threshold: failure limit 2; soak 5 min; max wait 30 min; steps 5, 25, 50, 100; roll back. */
  private static final RolloutPolicy THR = PolicyBuilder.threshold().maxWaitForTraffic(Duration.ofMinutes(30)).build();
  private static final RolloutPolicy THR_PAUSE = PolicyBuilder.from(THR).onFailure(FailureAction.PAUSE).build();
  private static final RolloutPolicy NO_MAX_WAIT = PolicyBuilder.from(SEQ).maxWaitForTraffic(null).build();
  private static final RolloutPolicy NO_SOAK = PolicyBuilder.from(SEQ).soak(Duration.ZERO).build();

  private static final Health H = Health.HEALTHY;
  private static final Health I = Health.INCONCLUSIVE;
  private static final Health U = Health.UNHEALTHY;

  private static Arguments row(String rule, RolloutPolicy policy, Health health, int failures, boolean paused,
      long atStepMillis, Kind expected, String failureType) {
    return Arguments.of(rule, policy, health, failures, paused, atStepMillis, expected, failureType);
  }

  static Stream<Arguments> rules() {
    String analysis = StepFailures.ANALYSIS_FAILED;
    String traffic = StepFailures.INSUFFICIENT_TRAFFIC;
    long soak = 5 * MINUTE;
    long maxWait = 35 * MINUTE; // soak + maxWaitForTraffic
    return Stream.of(
        // 1. Unhealthy at the failure limit: roll back, or ask with traffic held; before every other rule.
        row("sequential: one unhealthy verdict rolls back", SEQ, U, 1, false, 0, Kind.ROLL_BACK, null),
        row("...even while paused", SEQ, U, 1, true, MINUTE, Kind.ROLL_BACK, null),
        row("...even past the max wait", SEQ, U, 1, false, maxWait + MINUTE, Kind.ROLL_BACK, null),
        row("onFailure=PAUSE asks the operator", SEQ_PAUSE, U, 1, false, MINUTE, Kind.ASK_OPERATOR, analysis),
        row("onFailure=PAUSE asks even while paused", SEQ_PAUSE, U, 1, true, MINUTE, Kind.ASK_OPERATOR, analysis),
        row("threshold: one unhealthy verdict of 2 holds", THR, U, 1, false, 10 * MINUTE, Kind.HOLD, null),
        row("threshold: the second in a row rolls back", THR, U, 2, false, MINUTE, Kind.ROLL_BACK, null),
        row("threshold: more than the limit rolls back", THR, U, 3, true, MINUTE, Kind.ROLL_BACK, null),
        row("threshold, onFailure=PAUSE: asks", THR_PAUSE, U, 2, false, MINUTE, Kind.ASK_OPERATOR, analysis),
        row("a healthy verdict never fails, whatever the count", SEQ, H, 5, false, soak, Kind.ADVANCE, null),
        // 2. Paused: hold, whatever else would happen.
        row("paused holds a healthy step past its soak", SEQ, H, 0, true, 10 * MINUTE, Kind.HOLD, null),
        row("paused holds past the max wait", SEQ, I, 0, true, maxWait + MINUTE, Kind.HOLD, null),
        row("paused holds one unhealthy verdict below the limit", THR, U, 1, true, maxWait, Kind.HOLD, null),
        // 3. Healthy after the soak: advance.
        row("healthy before the soak holds", SEQ, H, 0, false, soak - 1, Kind.HOLD, null),
        row("healthy at the soak advances", SEQ, H, 0, false, soak, Kind.ADVANCE, null),
        row("healthy past the max wait advances (3 before 4)", SEQ, H, 0, false, maxWait + MINUTE, Kind.ADVANCE, null),
        row("no soak: healthy at once advances", NO_SOAK, H, 0, false, 0, Kind.ADVANCE, null),
        // 4. Soak + max wait without advancing: ask, traffic held.
        row("undecided just before soak + max wait holds", SEQ, I, 0, false, maxWait - 1, Kind.HOLD, null),
        row("undecided at soak + max wait asks", SEQ, I, 0, false, maxWait, Kind.ASK_OPERATOR, traffic),
        row("no soak: undecided at max wait asks", NO_SOAK, I, 0, false, 30 * MINUTE, Kind.ASK_OPERATOR, traffic),
        row("threshold: unhealthy below the limit at the max wait asks", THR, U, 1, false, maxWait,
            Kind.ASK_OPERATOR, traffic),
        row("no max wait: undecided for a year holds", NO_MAX_WAIT, I, 0, false, 365L * 24 * 60 * MINUTE,
            Kind.HOLD, null),
        // 5. Otherwise hold.
        row("undecided holds", SEQ, I, 0, false, 10 * MINUTE, Kind.HOLD, null),
        row("undecided at once holds", SEQ, I, 0, false, 0, Kind.HOLD, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void eachRuleInItsOrder(String rule, RolloutPolicy policy, Health health, int failures, boolean paused,
      long atStepMillis, Kind expected, String failureType) {
    StepAction action = StepDecision.decide(policy, verdict(health),
        new StepClock(0, START, START + atStepMillis, paused), failures);
    assertEquals(expected, action.kind(), action.reason());
    assertEquals(failureType, action.failureType(), action.reason());
    assertTrue(action.reason() != null && !action.reason().isBlank());
  }

  @Test
  void reasonsSayWhatHappenedAndWhy() {
    StepClock late = new StepClock(1, START, START + 6 * MINUTE, false);
    assertEquals("at 50%: because", StepDecision.decide(SEQ, verdict(U), late, 1).reason());
    assertEquals("2 consecutive unhealthy verdicts at 25%: because",
        StepDecision.decide(THR, verdict(U), late, 2).reason());
    assertEquals("at 50%: because. Traffic is held (onFailure=PAUSE)",
        StepDecision.decide(SEQ_PAUSE, verdict(U), late, 1).reason());
    assertEquals("healthy at 50% after PT6M", StepDecision.decide(SEQ, verdict(H), late, 0).reason());
    assertEquals("paused by an operator; still analysing",
        StepDecision.decide(SEQ, verdict(H), new StepClock(1, START, START + 6 * MINUTE, true), 0).reason());
    assertEquals("because", StepDecision.decide(SEQ, verdict(I), late, 0).reason(), "a hold says the verdict's reason");
    StepAction ask = StepDecision.decide(SEQ, verdict(I), new StepClock(2, START, START + 35 * MINUTE, false), 0);
    assertEquals("candidate at 100% stayed undecided for PT35M (soak PT5M + maxWaitForTraffic PT30M): because."
        + " Traffic is held", ask.reason());
  }

  static Stream<Arguments> hugeDurations() {
    Duration forever = Duration.ofSeconds(Long.MAX_VALUE); // toMillis() would throw
    Duration almostForever = Duration.ofMillis(Long.MAX_VALUE - 1_000);
    long century = 100L * 365 * 24 * 60 * MINUTE;
    return Stream.of(
        Arguments.of("a soak beyond Long millis: healthy for a century holds", forever, Duration.ofHours(1), H,
            century, Kind.HOLD),
        Arguments.of("a soak beyond Long millis: undecided for a century holds", forever, Duration.ofHours(1), I,
            century, Kind.HOLD),
        Arguments.of("soak + max wait past Long.MAX_VALUE does not wrap to a negative wait", almostForever,
            Duration.ofHours(1), I, MINUTE, Kind.HOLD),
        Arguments.of("both near Long.MAX_VALUE", almostForever, almostForever, I, century, Kind.HOLD),
        Arguments.of("a max wait beyond Long millis never asks", Duration.ZERO, forever, I, century, Kind.HOLD),
        Arguments.of("a max wait beyond Long millis still advances when healthy", Duration.ZERO, forever, H,
            MINUTE, Kind.ADVANCE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hugeDurations")
  void hugeSoakAndMaxWaitDoNotOverflow(String name, Duration soak, Duration maxWait, Health health, long atStep,
      Kind expected) {
    RolloutPolicy policy = PolicyBuilder.defaults().soak(soak).maxWaitForTraffic(maxWait).raw();
    StepAction action = StepDecision.decide(policy, verdict(health), new StepClock(0, START, START + atStep, false), 0);
    assertEquals(expected, action.kind(), action.reason());
  }

  @Test
  void timeArithmeticSaturates() {
    assertEquals(Long.MAX_VALUE, StepDecision.millis(Duration.ofSeconds(Long.MAX_VALUE)));
    assertEquals(90_000, StepDecision.millis(Duration.ofSeconds(90)));
    assertEquals(5, StepDecision.saturatedSum(2, 3));
    assertEquals(Long.MAX_VALUE, StepDecision.saturatedSum(Long.MAX_VALUE, 1));
    assertEquals(Long.MAX_VALUE, StepDecision.saturatedSum(Long.MAX_VALUE - 5, 6));
    assertEquals(Long.MAX_VALUE, StepDecision.saturatedSum(Long.MAX_VALUE / 2 + 1, Long.MAX_VALUE / 2 + 1));
    assertEquals(Long.MAX_VALUE - 1, StepDecision.saturatedSum(Long.MAX_VALUE - 6, 5));
  }

  @Test
  void timeAtAStepIsNeverNegative() {
    assertEquals(0, new StepClock(0, START, START - MINUTE, false).atStepMillis());
    assertEquals(MINUTE, new StepClock(0, START, START + MINUTE, false).atStepMillis());
  }

  static Stream<Arguments> notWorseSteps() {
    return Stream.of(
        Arguments.of(List.of(10, 50, 100), List.of(false, true, true)),
        Arguments.of(List.of(5, 25, 50, 100), List.of(false, false, true, true)),
        Arguments.of(List.of(50, 100), List.of(true, true)),
        Arguments.of(List.of(100), List.of(true)),
        Arguments.of(List.of(1, 2, 3, 100), List.of(false, false, true, true)));
  }

  /** Evidence of "not worse" is needed to leave the last step below 100% and at 100%: nowhere else. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("notWorseSteps")
  void notWorseIsRequiredWhereTheNextChangeGivesTheCandidateAllTraffic(List<Integer> steps, List<Boolean> expected) {
    for (int i = 0; i < steps.size(); i++) {
      assertEquals(expected.get(i), StepJudge.requiresNotWorse(steps, i), "step " + i + " of " + steps);
    }
  }

  private static Verdict verdict(Health health) {
    Verdict verdict = new Verdict(health, "because", List.of(), null);
    assertNull(verdict.evidence());
    return verdict;
  }
}
