package dev.runshift.health;

import static dev.runshift.health.Periods.MINUTE;
import static dev.runshift.health.Periods.T0;
import static dev.runshift.health.Periods.repeat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runshift.health.VerdictEvidence.Check;
import dev.runshift.health.VerdictEvidence.Role;
import dev.runshift.policy.RolloutPolicy;
import dev.runshift.ports.ArmCounts;
import dev.runshift.ports.MetricPeriod;
import dev.runshift.ports.PeriodSeries;
import dev.runshift.policy.PolicyBuilder;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link SequentialAnalysis}: when a verdict may roll back, when it may advance, and what it says otherwise. */
class SequentialAnalysisTest {
  private static final RolloutPolicy POLICY = RolloutPolicy.defaults(); // minRequests 100, maxErrorRate 1%

  /** A release at its first step since {@code T0 + 5 s}, with {@code baseline} and the step's periods. */
  private static ReleaseEvidence evidence(PeriodSeries baseline, PeriodSeries step) {
    ReleaseEvidence evidence = ReleaseEvidence.start(POLICY, baseline);
    evidence.startStep(0, T0 + 5_000);
    evidence.add(step);
    return evidence;
  }

  private static Check check(Verdict verdict, String name) {
    return verdict.evidence().checks().stream().filter(c -> c.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " in " + verdict.evidence().checks()));
  }

  private static void assertNoHarm(Verdict verdict) {
    for (Check c : verdict.evidence().checks()) {
      if (c.role() == Role.ROLLBACK) {
        assertFalse(c.rejected(), c.toString());
      }
    }
  }

  @Test
  void noDataIsInconclusiveAndSaysItWaitsForTheFirstPeriod() {
    Verdict verdict = SequentialAnalysis.judge(POLICY, evidence(null, PeriodSeries.empty()), false);
    assertEquals(Health.INCONCLUSIVE, verdict.health());
    assertTrue(verdict.evidence().needs().startsWith("the step's first whole sample period"), verdict.evidence().needs());
    assertTrue(verdict.reason().endsWith("Needs " + verdict.evidence().needs()), verdict.reason());
    assertEquals(0, verdict.evidence().periods());
    for (Check c : verdict.evidence().checks()) {
      assertEquals(1, c.eValue(), 1e-12, "no data, no evidence: " + c);
    }
  }

  @Test
  void noComparisonIsInconclusiveWhereNotWorseIsRequiredAndSaysWhatItNeeds() {
    // 100,000 healthy candidate requests, but stable served nothing and there is no baseline.
    Verdict verdict = SequentialAnalysis.judge(POLICY, evidence(null, repeat(0, 10, 10_000, 10, 0, 0)), true);
    assertEquals(Health.INCONCLUSIVE, verdict.health(), verdict.reason());
    VerdictEvidence evidence = verdict.evidence();
    assertTrue(evidence.needs().startsWith("something to compare with: stable served nothing and there is no"
        + " baseline"), evidence.needs());
    assertTrue(verdict.reason().contains("stable served nothing"), verdict.reason());
    assertNull(evidence.stable());
    assertNull(evidence.baseline());
    assertNull(evidence.errorRatio());
    assertNull(evidence.errorRatioLow());
    assertEquals(100_000, evidence.stepRequests());
    assertNoHarm(verdict);
    assertEquals(List.of("errors.ratio", "errors.limit", "errors.notWorse"),
        evidence.checks().stream().map(Check::name).toList());
  }

  @Test
  void harmAgainstStableIsUnhealthy() {
    Verdict verdict = SequentialAnalysis.judge(POLICY, evidence(null, repeat(0, 3, 1_000, 200, 9_000, 45)), false);
    assertEquals(Health.UNHEALTHY, verdict.health());
    Check ratio = check(verdict, "errors.ratio");
    assertTrue(ratio.rejected());
    assertEquals(2 / POLICY.verdict().alpha(), ratio.threshold(), 1e-9, "alpha over 2 harm checks");
    assertTrue(verdict.reason().startsWith("unhealthy: 5xx ratio to stable above 1x (e-value "), verdict.reason());
    assertNull(verdict.evidence().needs());
    assertTrue(verdict.evidence().errorRatioLow() > 10, verdict.evidence().toString());
  }

  @Test
  void harmWithoutAnyComparisonIsUnhealthyByTheAbsoluteLimit() {
    Verdict verdict = SequentialAnalysis.judge(POLICY, evidence(null, repeat(0, 2, 1_000, 200, 0, 0)), false);
    assertEquals(Health.UNHEALTHY, verdict.health());
    assertTrue(check(verdict, "errors.limit").rejected());
    assertFalse(check(verdict, "errors.ratio").rejected(), "no stable: the ratio test has nothing");
    assertEquals(1, check(verdict, "errors.ratio").eValue(), 1e-12);
  }

  @Test
  void harmWinsOverEnoughEvidenceToAdvance() {
    Verdict verdict = SequentialAnalysis.judge(POLICY, evidence(null, repeat(0, 30, 5_000, 250, 5_000, 5)), false);
    assertEquals(Health.UNHEALTHY, verdict.health());
  }

  @Test
  void harmAgainstTheBaselineIsUnhealthyWhenStableServesNothing() {
    PeriodSeries baseline = repeat(-60, 0, 0, 0, 10_000, 10); // 0.1% before the release
    Verdict verdict = SequentialAnalysis.judge(POLICY, evidence(baseline, repeat(0, 5, 10_000, 80, 0, 0)), true);
    assertEquals(Health.UNHEALTHY, verdict.health(), verdict.reason());
    Check base = check(verdict, "errors.baseline");
    assertTrue(base.rejected());
    assertEquals(2 * 3 / POLICY.verdict().alpha(), base.threshold(), 1e-9);
    assertFalse(check(verdict, "errors.limit").rejected(), "0.8% is under maxErrorRate");
  }

  static Stream<Arguments> minRequests() {
    return Stream.of(
        Arguments.of("no comparison, 99 step requests", 99L, 0L, Health.INCONCLUSIVE),
        Arguments.of("no comparison, 100 step requests", 100L, 0L, Health.HEALTHY),
        Arguments.of("with stable, 99 step requests", 99L, 900L, Health.INCONCLUSIVE),
        Arguments.of("with stable, 100 step requests", 100L, 900L, Health.HEALTHY),
        Arguments.of("with stable, 10,000 step requests", 10_000L, 90_000L, Health.HEALTHY));
  }

  /** Without the need for "not worse", a step is healthy with its minRequests and no harm shown. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("minRequests")
  void withoutNotWorseAStepIsHealthyAfterMinRequestsWithNoHarm(String name, long candidate, long stable,
      Health expected) {
    Verdict verdict = SequentialAnalysis.judge(POLICY, evidence(null, repeat(0, 1, candidate, 0, stable, 0)), false);
    assertEquals(expected, verdict.health(), verdict.reason());
    assertNoHarm(verdict);
    if (expected == Health.INCONCLUSIVE) {
      assertEquals("≈ 1 more candidate requests at this step (under a minute at the current rate)",
          verdict.evidence().needs());
    } else {
      assertNull(verdict.evidence().needs());
    }
  }

  @Test
  void minRequestsCountOnlyTheStepsOwnPeriods() {
    ReleaseEvidence evidence = ReleaseEvidence.start(POLICY, null);
    evidence.startStep(0, T0 + 5_000);
    evidence.add(repeat(0, 10, 1_000, 0, 9_000, 0));
    evidence.startStep(1, T0 + 10 * MINUTE + 5_000);
    assertEquals(Health.INCONCLUSIVE, SequentialAnalysis.judge(POLICY, evidence, false).health(),
        "10,000 candidate requests at the step before do not make this one healthy");
    evidence.add(repeat(10, 11, 5_000, 0, 5_000, 0));
    assertEquals(Health.HEALTHY, SequentialAnalysis.judge(POLICY, evidence, false).health());
  }

  @Test
  void equalRatesWithLotsOfDataAreHealthyWhereNotWorseIsRequired() {
    Verdict verdict = SequentialAnalysis.judge(POLICY, evidence(null, repeat(0, 30, 5_000, 25, 5_000, 25)), true);
    assertEquals(Health.HEALTHY, verdict.health(), verdict.reason());
    assertTrue(check(verdict, "errors.notWorse").rejected());
    assertNoHarm(verdict);
    VerdictEvidence evidence = verdict.evidence();
    assertTrue(evidence.errorRatioLow() <= 1 && 1 <= evidence.errorRatioHigh(), evidence.toString());
    assertTrue(verdict.reason().contains("5xx shown below 2x stable's (e-value "), verdict.reason());
  }

  @Test
  void aCandidateAtTheDetectableRegressionIsNeverHealthyWhereNotWorseIsRequired() {
    // Twice stable's 5xx: beyond the tolerance (1x), so shown harmful soon enough; never shown "not worse".
    ReleaseEvidence evidence = ReleaseEvidence.start(POLICY, null);
    evidence.startStep(0, T0 + 5_000);
    for (int k = 0; k < 60; k++) {
      evidence.add(repeat(k, k + 1, 5_000, 10, 5_000, 5));
      Verdict verdict = SequentialAnalysis.judge(POLICY, evidence, true);
      assertTrue(verdict.health() != Health.HEALTHY, "period " + k + ": " + verdict.reason());
      assertFalse(check(verdict, "errors.notWorse").rejected(), "period " + k);
    }
  }

  @Test
  void theBaselineStandsInWhenStableServesNothing() {
    PeriodSeries baseline = repeat(-60, 0, 0, 0, 10_000, 10);
    Verdict verdict = SequentialAnalysis.judge(POLICY, evidence(baseline, repeat(0, 10, 10_000, 10, 0, 0)), true);
    assertEquals(Health.HEALTHY, verdict.health(), verdict.reason());
    assertTrue(check(verdict, "errors.notWorseBaseline").rejected());
    assertFalse(check(verdict, "errors.notWorse").rejected(), "no concurrent stable");
    assertEquals(new VerdictEvidence.ArmSummary(600_000, 600, 0.001,
        RateEvidence.lower(600, 600_000, POLICY.verdict().alpha()), RateEvidence.upper(600, 600_000, POLICY.verdict().alpha())),
        verdict.evidence().baseline());
  }

  static Stream<Arguments> harmChecks() {
    return Stream.of(
        Arguments.of("defaults, no baseline", POLICY, false, 2),
        Arguments.of("defaults, with a baseline", POLICY, true, 3),
        Arguments.of("latency ratio and p99 limit", PolicyBuilder.defaults().maxLatencyRatio(1.5).maxP99Ms(800.0).build(),
            true, 5),
        Arguments.of("every latency limit", PolicyBuilder.defaults().maxLatencyRatio(2.0).maxP50Ms(100.0).maxP95Ms(300.0)
            .maxP99Ms(800.0).build(), false, 6));
  }

  /** alpha is split evenly over the harm checks the policy sets up: each acts at k / alpha. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("harmChecks")
  void alphaIsSplitOverTheHarmChecks(String name, RolloutPolicy policy, boolean baseline, int k) {
    assertEquals(k, SequentialAnalysis.harmCheckCount(policy, baseline));
    ReleaseEvidence evidence = ReleaseEvidence.start(policy, baseline ? repeat(-5, 0, 0, 0, 1_000, 1) : null);
    evidence.startStep(0, T0 + 5_000);
    evidence.add(repeat(0, 2, 1_000, 1, 9_000, 9));
    Verdict verdict = SequentialAnalysis.judge(policy, evidence, false);
    long rollbackChecks = verdict.evidence().checks().stream().filter(c -> c.role() == Role.ROLLBACK).count();
    assertEquals(k, rollbackChecks);
    assertEquals(k / policy.verdict().alpha(), check(verdict, "errors.ratio").threshold(), 1e-9);
  }

  @Test
  void aLatencyLimitRollsBackOnTheCandidatesBuckets() {
    RolloutPolicy policy = PolicyBuilder.defaults().maxP95Ms(500.0).build();
    List<Double> bounds = List.of(100.0, 200.0, 400.0, 800.0, 1600.0);
    // 20% of the candidate's requests at or above 800 ms, far more than the 5% a p95 of 500 ms allows.
    ArmCounts slow = new ArmCounts(1_000, 0, new long[] {500, 200, 100, 0, 200});
    ArmCounts fast = new ArmCounts(9_000, 0, new long[] {8_000, 900, 100});
    ReleaseEvidence evidence = ReleaseEvidence.start(policy, null);
    evidence.startStep(0, T0 + 5_000);
    evidence.add(new PeriodSeries(List.of(new MetricPeriod(T0, T0 + MINUTE, slow, fast),
        new MetricPeriod(T0 + MINUTE, T0 + 2 * MINUTE, slow, fast)), bounds));
    Verdict verdict = SequentialAnalysis.judge(policy, evidence, false);
    assertEquals(Health.UNHEALTHY, verdict.health(), verdict.reason());
    assertTrue(check(verdict, "latency.p95").rejected());
    assertTrue(verdict.reason().contains("p95 latency above 500 ms"), verdict.reason());
    assertNotNull(verdict.evidence());
  }
}
