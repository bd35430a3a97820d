package dev.runshift.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runshift.policy.RolloutPolicy;
import dev.runshift.ports.RevisionMetrics;
import dev.runshift.ports.WindowMetrics;
import dev.runshift.policy.PolicyBuilder;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HealthAnalysisTest {
  private static final RolloutPolicy BASIC = PolicyBuilder.defaults().minRequests(100).maxErrorRate(0.01).build();
  private static final RevisionMetrics STABLE = metrics(10_000, 10, 40.0, 120.0, 300.0);

  private static RevisionMetrics metrics(long requests, long errors, Double p50, Double p95, Double p99) {
    return new RevisionMetrics(requests, errors, p50, p95, p99, 5);
  }

  private static WindowMetrics window(RevisionMetrics candidate, RevisionMetrics stable) {
    return new WindowMetrics(candidate, stable, 0, 60_000);
  }

  private static Optional<Comparison> comparison(Verdict verdict, String check) {
    return verdict.comparisons().stream().filter(c -> c.check().equals(check)).findFirst();
  }

  @Test
  void healthyWhenEveryCheckPasses() {
    Verdict verdict = HealthAnalysis.analyze(BASIC, window(metrics(500, 2, 40.0, 120.0, 300.0), STABLE));
    assertEquals(Health.HEALTHY, verdict.health(), verdict.reason());
    assertEquals(List.of("candidate.requests", "candidate.errorRate"),
        verdict.comparisons().stream().map(Comparison::check).toList());
    assertTrue(verdict.comparisons().stream().allMatch(Comparison::passed));
  }

  @Test
  void tooFewRequestsIsInconclusiveEvenWithoutErrors() {
    Verdict verdict = HealthAnalysis.analyze(BASIC, window(metrics(99, 0, 40.0, 120.0, 300.0), STABLE));
    assertEquals(Health.INCONCLUSIVE, verdict.health());
    Comparison requests = comparison(verdict, "candidate.requests").orElseThrow();
    assertEquals(99, requests.observed());
    assertEquals(100, requests.limit());
    assertFalse(requests.passed());
  }

  @Test
  void tooFewRequestsIsInconclusiveEvenWithErrors() {
    Verdict verdict = HealthAnalysis.analyze(BASIC, window(metrics(50, 50, 40.0, 120.0, 300.0), STABLE));
    assertEquals(Health.INCONCLUSIVE, verdict.health());
  }

  @Test
  void zeroRequestsAreInconclusiveEvenWhenMinRequestsIsZero() {
    RolloutPolicy noMinimum = PolicyBuilder.defaults().minRequests(0).build();
    assertEquals(Health.INCONCLUSIVE,
        HealthAnalysis.analyze(noMinimum, window(RevisionMetrics.empty(), STABLE)).health());
    assertEquals(Health.HEALTHY,
        HealthAnalysis.analyze(noMinimum, window(metrics(1, 0, null, null, null), STABLE)).health());
  }

  @Test
  void missingCandidateMetricsAreInconclusive() {
    assertEquals(Health.INCONCLUSIVE, HealthAnalysis.analyze(BASIC, window(null, STABLE)).health());
    assertEquals(Health.INCONCLUSIVE, HealthAnalysis.analyze(BASIC, null).health());
  }

  @Test
  void errorRateAboveTheLimitIsUnhealthy() {
    Verdict verdict = HealthAnalysis.analyze(BASIC, window(metrics(1000, 11, 40.0, 120.0, 300.0), STABLE));
    assertEquals(Health.UNHEALTHY, verdict.health());
    Comparison errorRate = comparison(verdict, "candidate.errorRate").orElseThrow();
    assertEquals(0.011, errorRate.observed(), 1e-12);
    assertEquals(0.01, errorRate.limit());
    assertFalse(errorRate.passed());
    assertTrue(verdict.reason().contains("candidate.errorRate"), verdict.reason());
  }

  @Test
  void errorRateExactlyAtTheLimitPasses() {
    assertEquals(Health.HEALTHY,
        HealthAnalysis.analyze(BASIC, window(metrics(1000, 10, 40.0, 120.0, 300.0), STABLE)).health());
  }

  @Test
  void latencyOverAnAbsoluteLimitIsUnhealthy() {
    RolloutPolicy policy = PolicyBuilder.defaults().maxP95Ms(200.0).build();
    Verdict verdict = HealthAnalysis.analyze(policy, window(metrics(1000, 0, 40.0, 250.0, 300.0), STABLE));
    assertEquals(Health.UNHEALTHY, verdict.health());
    Comparison p95 = comparison(verdict, "candidate.p95Ms").orElseThrow();
    assertEquals(250.0, p95.observed());
    assertFalse(p95.passed());
  }

  @Test
  void everyAbsoluteLatencyLimitIsChecked() {
    RolloutPolicy policy = PolicyBuilder.defaults().maxP50Ms(50.0).maxP95Ms(200.0).maxP99Ms(400.0).build();
    Verdict healthy = HealthAnalysis.analyze(policy, window(metrics(1000, 0, 40.0, 120.0, 300.0), STABLE));
    assertEquals(Health.HEALTHY, healthy.health());
    assertEquals(5, healthy.comparisons().size());
    assertEquals(Health.UNHEALTHY,
        HealthAnalysis.analyze(policy, window(metrics(1000, 0, 60.0, 120.0, 300.0), STABLE)).health());
    assertEquals(Health.UNHEALTHY,
        HealthAnalysis.analyze(policy, window(metrics(1000, 0, 40.0, 120.0, 401.0), STABLE)).health());
  }

  @Test
  void missingLatencyWithALimitSetIsInconclusive() {
    RolloutPolicy policy = PolicyBuilder.defaults().maxP99Ms(400.0).build();
    Verdict verdict = HealthAnalysis.analyze(policy, window(metrics(1000, 0, 40.0, 120.0, null), STABLE));
    assertEquals(Health.INCONCLUSIVE, verdict.health());
    assertTrue(verdict.reason().contains("p99"), verdict.reason());
    Verdict nan = HealthAnalysis.analyze(policy, window(metrics(1000, 0, 40.0, 120.0, Double.NaN), STABLE));
    assertEquals(Health.INCONCLUSIVE, nan.health());
  }

  @Test
  void missingLatencyDoesNotHideAFailedCheck() {
    RolloutPolicy policy = PolicyBuilder.defaults().maxP99Ms(400.0).build();
    Verdict verdict = HealthAnalysis.analyze(policy, window(metrics(1000, 500, null, null, null), STABLE));
    assertEquals(Health.UNHEALTHY, verdict.health());
  }

  @Test
  void missingLatencyWithoutALimitIsFine() {
    assertEquals(Health.HEALTHY,
        HealthAnalysis.analyze(BASIC, window(metrics(1000, 0, null, null, null), STABLE)).health());
  }

  @Test
  void errorRateIncreaseOverStableIsUnhealthy() {
    RolloutPolicy policy = PolicyBuilder.defaults().maxErrorRate(0.10).maxErrorRateIncrease(0.005).build();
    // candidate 0.8%, stable 0.1%: +0.7 points, within the absolute 10% but over the allowed increase.
    Verdict verdict = HealthAnalysis.analyze(policy, window(metrics(1000, 8, 40.0, 120.0, 300.0), STABLE));
    assertEquals(Health.UNHEALTHY, verdict.health());
    Comparison increase = comparison(verdict, "errorRateIncrease").orElseThrow();
    assertEquals(0.007, increase.observed(), 1e-12);
    assertFalse(increase.passed());
    assertTrue(comparison(verdict, "candidate.errorRate").orElseThrow().passed());
  }

  @Test
  void errorRateIncreaseWithinTheLimitPasses() {
    RolloutPolicy policy = PolicyBuilder.defaults().maxErrorRate(0.10).maxErrorRateIncrease(0.005).build();
    assertEquals(Health.HEALTHY,
        HealthAnalysis.analyze(policy, window(metrics(1000, 5, 40.0, 120.0, 300.0), STABLE)).health());
  }

  @Test
  void latencyRatioOverStableIsUnhealthy() {
    RolloutPolicy policy = PolicyBuilder.defaults().maxLatencyRatio(1.5).build();
    Verdict verdict = HealthAnalysis.analyze(policy, window(metrics(1000, 0, 40.0, 200.0, 300.0), STABLE));
    assertEquals(Health.UNHEALTHY, verdict.health());
    Comparison p95 = comparison(verdict, "p95Ratio").orElseThrow();
    assertEquals(200.0 / 120.0, p95.observed(), 1e-12);
    assertFalse(p95.passed());
    assertTrue(comparison(verdict, "p50Ratio").orElseThrow().passed());
    assertTrue(comparison(verdict, "p99Ratio").orElseThrow().passed());
  }

  @Test
  void relativeChecksAreSkippedWhenStableHasTooFewRequests() {
    RolloutPolicy policy = PolicyBuilder.defaults().maxErrorRateIncrease(0.0).maxLatencyRatio(1.0).build();
    RevisionMetrics candidate = metrics(1000, 5, 400.0, 900.0, 2000.0); // 0.5%, much slower than stable
    for (RevisionMetrics thinStable :
        List.of(RevisionMetrics.empty(), metrics(99, 0, 10.0, 20.0, 30.0))) {
      Verdict verdict = HealthAnalysis.analyze(policy, window(candidate, thinStable));
      assertEquals(Health.HEALTHY, verdict.health(), verdict.reason());
      assertTrue(verdict.reason().contains("relative checks skipped"), verdict.reason());
      assertTrue(comparison(verdict, "errorRateIncrease").isEmpty());
    }
    Verdict absent = HealthAnalysis.analyze(policy, window(candidate, null));
    assertEquals(Health.HEALTHY, absent.health());
  }

  @Test
  void aMissingStableBaselineDoesNotLetAFailingCandidatePass() {
    RolloutPolicy policy = PolicyBuilder.defaults().maxP95Ms(500.0).maxErrorRateIncrease(0.0).maxLatencyRatio(1.0)
        .build();
    Verdict errors = HealthAnalysis.analyze(policy, window(metrics(1000, 200, 40.0, 120.0, 300.0), null));
    assertEquals(Health.UNHEALTHY, errors.health());
    Verdict slow = HealthAnalysis.analyze(policy,
        window(metrics(1000, 0, 40.0, 900.0, 300.0), RevisionMetrics.empty()));
    assertEquals(Health.UNHEALTHY, slow.health());
  }

  @Test
  void latencyRatioIsSkippedForAZeroNanOrMissingStableLatency() {
    RolloutPolicy policy = PolicyBuilder.defaults().maxLatencyRatio(1.2).build();
    RevisionMetrics candidate = metrics(1000, 0, 40.0, 120.0, 300.0);
    for (Double baseline : new Double[] {0.0, Double.NaN, null}) {
      RevisionMetrics stable = metrics(10_000, 0, baseline, baseline, baseline);
      Verdict verdict = HealthAnalysis.analyze(policy, window(candidate, stable));
      assertEquals(Health.HEALTHY, verdict.health(), "baseline " + baseline + ": " + verdict.reason());
      assertTrue(verdict.reason().contains("p95 ratio skipped"), verdict.reason());
      assertTrue(verdict.comparisons().stream().allMatch(c -> Double.isFinite(c.observed())));
    }
  }

  @Test
  void missingCandidateLatencyForARatioIsInconclusive() {
    RolloutPolicy policy = PolicyBuilder.defaults().maxLatencyRatio(1.2).build();
    Verdict verdict = HealthAnalysis.analyze(policy, window(metrics(1000, 0, null, null, null), STABLE));
    assertEquals(Health.INCONCLUSIVE, verdict.health());
  }

  @Test
  void theVerdictCarriesItsInputs() {
    WindowMetrics window = window(metrics(500, 0, 40.0, 120.0, 300.0), STABLE);
    assertEquals(window, HealthAnalysis.analyze(BASIC, window).metrics());
  }
}
