package dev.runshift.health;

/**
 * Anytime-valid evidence about one rate (a 5xx rate, or the share of requests slower than a bound) from
 * cumulative counts: {@code x} events in {@code n} independent requests.
 *
 * <p>Each e-value is a mixture, with equal weights, of likelihood ratios against a fixed grid of
 * alternatives on the far side of the null. For a one-sided null every such ratio has expectation at most 1
 * under every rate in the null (the binomial family has monotone likelihood ratios), and the product over
 * requests is a nonnegative supermartingale; by Ville's inequality the e-value ever reaches {@code 1/a}
 * with probability at most {@code a}, however often it is looked at. The bounds are the confidence
 * sequences obtained by inverting these tests: they hold at every look at once.
 *
 * <p>Pure and deterministic ({@link StrictMath}), so a workflow may call it.
 */
public final class RateEvidence {
  /**
   * Alternatives above a null rate q0: q0 times these. The ones close to 1 let a rate just above the null
   * be shown above it given enough data; the far ones make large departures quick to show.
   */
  private static final double[] UP = {1.01, 1.02, 1.05, 1.1, 1.25, 1.5, 2, 3, 5, 10, 20};
  /** Alternatives below a null rate q0: q0 divided by these. */
  private static final double[] DOWN = {1.01, 1.02, 1.05, 1.1, 1.25, 1.5, 2, 3, 5, 10};
  /** The largest log e-value reported: e-values are capped at about 1e300 so they stay finite in JSON. */
  static final double MAX_LOG = 690;

  private RateEvidence() {}

  /** Log e-value against "the rate is at most q0" (large when the rate is shown above q0). */
  public static double logAbove(long x, long n, double q0) {
    if (n <= 0) {
      return 0;
    }
    if (q0 <= 0) {
      return x > 0 ? MAX_LOG : 0;
    }
    if (q0 >= 1) {
      return 0;
    }
    double[] logs = new double[UP.length];
    int used = 0;
    for (double m : UP) {
      double q = q0 * m;
      if (q < 1) {
        logs[used++] = logRatio(x, n, q, q0);
      }
    }
    if (used == 0) {
      logs[used++] = logRatio(x, n, (1 + q0) / 2, q0);
    }
    return Math.min(MAX_LOG, logMean(logs, used));
  }

  /** Log e-value against "the rate is at least q0" (large when the rate is shown below q0). */
  public static double logBelow(long x, long n, double q0) {
    if (n <= 0 || q0 <= 0) {
      return 0;
    }
    if (q0 >= 1) {
      return x < n ? MAX_LOG : 0;
    }
    double[] logs = new double[DOWN.length];
    for (int i = 0; i < DOWN.length; i++) {
      logs[i] = logRatio(x, n, q0 / DOWN[i], q0);
    }
    return Math.min(MAX_LOG, logMean(logs, DOWN.length));
  }

  /** Upper confidence bound on the rate, valid at every look with probability 1 - a. 1 with no data. */
  public static double upper(long x, long n, double a) {
    if (n <= 0) {
      return 1;
    }
    double threshold = -StrictMath.log(a);
    if (logBelow(x, n, 1 - 1e-9) < threshold) {
      return 1;
    }
    double lo = -18; // log(1.5e-8)
    double hi = StrictMath.log(1 - 1e-9);
    if (logBelow(x, n, StrictMath.exp(lo)) >= threshold) {
      return StrictMath.exp(lo);
    }
    for (int i = 0; i < 50; i++) {
      double mid = (lo + hi) / 2;
      if (logBelow(x, n, StrictMath.exp(mid)) >= threshold) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return StrictMath.exp(hi);
  }

  /** Lower confidence bound on the rate, valid at every look with probability 1 - a. 0 with no events. */
  public static double lower(long x, long n, double a) {
    if (n <= 0 || x <= 0) {
      return 0;
    }
    double threshold = -StrictMath.log(a);
    double lo = -18;
    double hi = 0;
    if (logAbove(x, n, StrictMath.exp(lo)) < threshold) {
      return 0;
    }
    for (int i = 0; i < 50; i++) {
      double mid = (lo + hi) / 2;
      if (logAbove(x, n, StrictMath.exp(mid)) >= threshold) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return StrictMath.exp(lo);
  }

  /** log of the likelihood ratio of rate q against rate q0 for x events in n. */
  static double logRatio(long x, long n, double q, double q0) {
    double events = x == 0 ? 0 : x * StrictMath.log(q / q0);
    double others = n - x == 0 ? 0 : (n - x) * (StrictMath.log1p(-q) - StrictMath.log1p(-q0));
    return events + others;
  }

  /** log of the mean of exp(logs[0..count)). */
  static double logMean(double[] logs, int count) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < count; i++) {
      max = Math.max(max, logs[i]);
    }
    if (max == Double.NEGATIVE_INFINITY) {
      return max;
    }
    double sum = 0;
    for (int i = 0; i < count; i++) {
      sum += StrictMath.exp(logs[i] - max);
    }
    return max + StrictMath.log(sum / count);
  }

  /** e-value for display: exp(log), capped. */
  static double e(double log) {
    return StrictMath.exp(Math.min(MAX_LOG, log));
  }
}
