package dev.runshift.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link ErrorRatioTest}, the sequential test of the candidate's 5xx rate over stable's. */
class ErrorRatioTestTest {
  private static final double ALPHA = 0.01;

  private static ErrorRatioTest defaults() {
    return new ErrorRatioTest(1.0, 2.0); // tolerance 1x, detectable regression 2x
  }

  /** {@code periods} identical periods. */
  private static ErrorRatioTest fed(int periods, long candidateRequests, long candidateErrors, long stableRequests,
      long stableErrors) {
    ErrorRatioTest test = defaults();
    for (int i = 0; i < periods; i++) {
      test.add(candidateRequests, candidateErrors, stableRequests, stableErrors);
    }
    return test;
  }

  @Test
  void without5xxOrWithOneArmEmptyThereIsNoEvidence() {
    ErrorRatioTest test = fed(1_000, 5_000, 0, 5_000, 0);
    test.add(0, 0, 10_000, 500); // candidate served nothing
    test.add(10_000, 500, 0, 0); // stable served nothing
    assertEquals(0, test.logHarm(), 0);
    assertEquals(0, test.logNotWorse(), 0);
    assertEquals(1, RateEvidence.e(test.logHarm()), 0, "e-value 1: no evidence either way");
    assertEquals(1, RateEvidence.e(test.logNotWorse()), 0);
    assertEquals(0, test.errorsCandidate());
    assertEquals(0, test.errorsStable());
    assertNull(test.estimate());
    assertNull(test.interval(ALPHA));
  }

  @Test
  void aCandidateFarWorseThanStableIsShownHarmful() {
    // 10% of the traffic, 5% 5xx against stable's 0.5%: ten times worse.
    ErrorRatioTest test = fed(5, 1_000, 50, 9_000, 45);
    assertTrue(test.logHarm() >= StrictMath.log(3 / ALPHA), "harm rejected at the defaults' threshold: "
        + RateEvidence.e(test.logHarm()));
    assertTrue(test.logNotWorse() < 0, "and certainly not shown not worse");
    assertEquals(250, test.errorsCandidate());
    assertEquals(225, test.errorsStable());
    assertTrue(test.interval(ALPHA)[0] > 2, "the interval excludes the tolerance: " + test.interval(ALPHA)[0]);
  }

  @Test
  void equalRatesWithLotsOfDataAreShownNotWorseAndNotHarmful() {
    ErrorRatioTest test = fed(200, 5_000, 5, 5_000, 5);
    assertTrue(test.logNotWorse() >= StrictMath.log(3 / ALPHA), "not worse: e " + RateEvidence.e(test.logNotWorse()));
    assertTrue(test.logHarm() < 0, "no evidence of harm: e " + RateEvidence.e(test.logHarm()));
  }

  @Test
  void aLittleDataShowsNeither() {
    ErrorRatioTest test = fed(1, 5_000, 5, 5_000, 5);
    assertTrue(test.logHarm() < StrictMath.log(2 / ALPHA));
    assertTrue(test.logNotWorse() < StrictMath.log(2 / ALPHA));
  }

  /**
   * On large deterministic data with the true ratio {@code rho}: the most likely ratio on the display grid
   * (steps of 2^(1/4)) is the grid point nearest to rho, and the anytime-valid interval holds rho and is
   * narrow.
   */
  @ParameterizedTest(name = "ratio {0} at candidate share {1}")
  @CsvSource({
      "0.5, 1000, 1, 9000, 18",
      "1, 1000, 2, 9000, 18",
      "3, 1000, 6, 9000, 18",
      "0.5, 5000, 5, 5000, 10",
      "1, 5000, 10, 5000, 10",
      "3, 5000, 30, 5000, 10",
      "10, 2000, 20, 8000, 8"})
  void estimateAndIntervalHoldTheTrueRatio(double rho, long candidateRequests, long candidateErrors,
      long stableRequests, long stableErrors) {
    ErrorRatioTest test = fed(500, candidateRequests, candidateErrors, stableRequests, stableErrors);
    double estimate = test.estimate();
    assertTrue(Math.abs(log2(estimate) - log2(rho)) <= 0.125 + 1e-9, "estimate " + estimate + " for " + rho);
    double[] interval = test.interval(ALPHA);
    assertTrue(interval[0] <= rho && rho <= interval[1], rho + " outside [" + interval[0] + ", " + interval[1] + "]");
    assertTrue(interval[1] / interval[0] <= 2, "narrow on this much data: [" + interval[0] + ", " + interval[1] + "]");
  }

  @Test
  void theEvidenceDoesNotDependOnTheOrderOfPeriods() {
    ErrorRatioTest forward = defaults();
    ErrorRatioTest backward = defaults();
    long[][] periods = {{1000, 3, 9000, 10}, {5000, 12, 5000, 9}, {2000, 0, 8000, 4}, {500, 4, 500, 1}};
    for (int i = 0; i < periods.length; i++) {
      long[] f = periods[i];
      long[] b = periods[periods.length - 1 - i];
      forward.add(f[0], f[1], f[2], f[3]);
      backward.add(b[0], b[1], b[2], b[3]);
    }
    assertEquals(forward.logHarm(), backward.logHarm(), 1e-9);
    assertEquals(forward.logNotWorse(), backward.logNotWorse(), 1e-9);
    assertEquals(forward.estimate(), backward.estimate());
  }

  @Test
  void evidenceOfNotWorseGrowsFasterTheBetterTheCandidate() {
    ErrorRatioTest test = defaults();
    assertEquals(0, test.notWorseGainPerError(2.0, 0.5), 1e-12, "at the detectable regression: no gain");
    double atOne = test.notWorseGainPerError(1.0, 0.5);
    double atHalf = test.notWorseGainPerError(0.5, 0.5);
    assertTrue(atOne > 0 && atHalf > atOne, atOne + " " + atHalf);
    assertEquals(0, test.notWorseGainPerError(1.0, 0), 0, "no candidate traffic: no gain");
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
