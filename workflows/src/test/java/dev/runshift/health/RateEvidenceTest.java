package dev.runshift.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link RateEvidence}: e-values about one rate and the confidence sequences made from them. */
class RateEvidenceTest {

  @ParameterizedTest(name = "{0} of {1}")
  @CsvSource({"0, 10", "0, 100000", "1, 1000", "10, 1000", "50, 10000", "500, 100000", "5000, 1000000",
      "500, 1000", "999, 1000", "1000, 1000", "3, 7"})
  void theBoundsBracketTheRate(long x, long n) {
    double rate = (double) x / n;
    for (double a : new double[] {0.001, 0.01, 0.1, 0.5}) {
      double lower = RateEvidence.lower(x, n, a);
      double upper = RateEvidence.upper(x, n, a);
      assertTrue(0 <= lower && lower <= rate && rate <= upper && upper <= 1,
          "a=" + a + ": " + rate + " outside [" + lower + ", " + upper + "]");
    }
  }

  @Test
  void withoutDataThereIsNoEvidenceAndTheBoundsAreTheWholeRange() {
    for (double q0 : new double[] {0.001, 0.01, 0.5, 0.99}) {
      assertEquals(0, RateEvidence.logAbove(0, 0, q0));
      assertEquals(0, RateEvidence.logBelow(0, 0, q0));
      assertEquals(1, RateEvidence.e(RateEvidence.logAbove(0, 0, q0)));
    }
    assertEquals(1, RateEvidence.upper(0, 0, 0.01));
    assertEquals(0, RateEvidence.lower(0, 0, 0.01));
    assertEquals(0, RateEvidence.lower(0, 1_000_000, 0.01), "no events: the lower bound is 0");
  }

  @Test
  void extremeNullsAreDecidedByTheData() {
    assertEquals(RateEvidence.MAX_LOG, RateEvidence.logAbove(1, 100, 0), "one event refutes a rate of 0");
    assertEquals(0, RateEvidence.logAbove(0, 100, 0));
    assertEquals(0, RateEvidence.logAbove(100, 100, 1), "nothing is above a rate of 1");
    assertEquals(RateEvidence.MAX_LOG, RateEvidence.logBelow(99, 100, 1), "one non-event refutes a rate of 1");
    assertEquals(0, RateEvidence.logBelow(100, 100, 1));
    assertEquals(0, RateEvidence.logBelow(0, 100, 0));
    assertTrue(RateEvidence.e(10_000) < Double.POSITIVE_INFINITY, "capped, finite in JSON");
  }

  @Test
  void moreEventsAreMoreEvidenceOfAHigherRateAndLessOfALowerOne() {
    long n = 10_000;
    double q0 = 0.01;
    double previousAbove = Double.NEGATIVE_INFINITY;
    double previousBelow = Double.POSITIVE_INFINITY;
    double previousUpper = 0;
    double previousLower = -1;
    for (long x = 0; x <= 300; x += 10) {
      double above = RateEvidence.logAbove(x, n, q0);
      double below = RateEvidence.logBelow(x, n, q0);
      double upper = RateEvidence.upper(x, n, 0.01);
      double lower = RateEvidence.lower(x, n, 0.01);
      assertTrue(above > previousAbove || above == RateEvidence.MAX_LOG, "logAbove at " + x);
      assertTrue(below < previousBelow, "logBelow at " + x);
      assertTrue(upper > previousUpper, "upper at " + x);
      assertTrue(lower >= previousLower && (x == 0 || lower > previousLower || previousLower == 0), "lower at " + x);
      previousAbove = above;
      previousBelow = below;
      previousUpper = upper;
      previousLower = lower;
    }
  }

  @Test
  void aHigherNullIsHarderToExceedAndEasierToUndercut() {
    long x = 150;
    long n = 10_000; // 1.5%
    double previousAbove = Double.POSITIVE_INFINITY;
    double previousBelow = Double.NEGATIVE_INFINITY;
    for (double q0 = 0.001; q0 < 0.1; q0 *= 1.2) {
      double above = RateEvidence.logAbove(x, n, q0);
      double below = RateEvidence.logBelow(x, n, q0);
      assertTrue(above < previousAbove || above == RateEvidence.MAX_LOG && previousAbove == RateEvidence.MAX_LOG,
          "logAbove at q0 " + q0);
      assertTrue(below > previousBelow || below == RateEvidence.MAX_LOG && previousBelow == RateEvidence.MAX_LOG,
          "logBelow at q0 " + q0);
      previousAbove = above;
      previousBelow = below;
    }
  }

  @Test
  void moreDataAtTheSameRateNarrowsTheBoundsAndMoreConfidenceWidensThem() {
    double previousWidth = 1;
    for (long n = 1_000; n <= 10_000_000; n *= 10) {
      long x = n / 100;
      double width = RateEvidence.upper(x, n, 0.01) - RateEvidence.lower(x, n, 0.01);
      assertTrue(width < previousWidth, "n=" + n + ": " + width);
      previousWidth = width;
      assertTrue(RateEvidence.upper(x, n, 0.001) >= RateEvidence.upper(x, n, 0.01));
      assertTrue(RateEvidence.upper(x, n, 0.01) >= RateEvidence.upper(x, n, 0.1));
      assertTrue(RateEvidence.lower(x, n, 0.001) <= RateEvidence.lower(x, n, 0.01));
      assertTrue(RateEvidence.lower(x, n, 0.01) <= RateEvidence.lower(x, n, 0.1));
    }
  }

  /**
   * Not so today: the alternatives nearest a null q0 are 1.5 q0 and q0 / 1.25, so however much data there
   * is, a rate up to about 1.23 q0 is never shown above q0 (and the bounds never get narrower than about
   * [p / 1.23, p / 0.9]): a candidate with 1.2% 5xx on ten million requests is never rolled back by a
   * maxErrorRate of 1%. See the report with this test; enable it once the alternatives reach close to q0.
   */
  @Test
  void aRateTwentyPercentAboveTheNullIsShownAboveItOnEnoughData() {
    long n = 10_000_000;
    assertTrue(RateEvidence.logAbove(n * 12 / 1000, n, 0.01) >= StrictMath.log(2 / 0.01));
    assertTrue(RateEvidence.upper(n / 100, n, 0.01) - RateEvidence.lower(n / 100, n, 0.01) < 0.0005);
  }

  /**
   * The bounds hold at every look at once: over many seeded runs of requests at a true 2% rate, looked at
   * after every 100 requests, the fraction of runs in which some look's interval missed 2% stays at most
   * {@code a} (up to Monte-Carlo noise).
   */
  @Test
  void theBoundsHoldAtEveryLook() {
    SplittableRandom random = new SplittableRandom(20260302L);
    double rate = 0.02;
    double a = 0.05;
    int runs = 400;
    int missed = 0;
    double lastWidth = 0;
    for (int run = 0; run < runs; run++) {
      long x = 0;
      boolean miss = false;
      for (int look = 1; look <= 40; look++) {
        for (int i = 0; i < 100; i++) {
          x += random.nextDouble() < rate ? 1 : 0;
        }
        long n = look * 100L;
        if (RateEvidence.lower(x, n, a) > rate || RateEvidence.upper(x, n, a) < rate) {
          miss = true;
        }
        if (look == 40) {
          lastWidth += RateEvidence.upper(x, n, a) - RateEvidence.lower(x, n, a);
        }
      }
      missed += miss ? 1 : 0;
    }
    assertTrue(missed <= runs * 0.08, missed + " of " + runs + " runs missed the rate at some look");
    assertTrue(lastWidth / runs < 0.03, "and the bounds do narrow: mean width " + lastWidth / runs);
  }
}
