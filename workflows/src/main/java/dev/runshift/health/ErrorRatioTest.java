package dev.runshift.health;

import java.util.Arrays;

/**
 * The sequential test of the candidate's 5xx rate against stable's, as a ratio {@code rho = candidate
 * rate / stable rate}, in the manner of Lindon et al. (KDD 2022): within a sample period Cloud Run splits
 * traffic request by request, so given the period's total 5xx {@code E = e_c + e_s} and the candidate's
 * measured share of requests {@code s}, the candidate's 5xx count is Binomial(E, pi(rho)) with
 * {@code pi(rho) = s rho / (s rho + 1 - s)}, whatever the absolute rate and however traffic varies
 * (exactly so for Poisson arrivals; a close approximation while 5xx rates are small).
 *
 * <p>The test keeps, for a fixed set of ratios, the log-likelihood of every period it was given. From them
 * it forms, for any null ratio in the set, the mixture of likelihood ratios against alternatives beyond
 * that null: an e-process whose expectation is at most 1 for every ratio on the null's side (monotone
 * likelihood ratios), so by Ville's inequality it ever reaches {@code 1/a} with probability at most
 * {@code a}. Periods without 5xx, or in which one arm served nothing, carry no information about the ratio
 * and change nothing. Pure and deterministic ({@link StrictMath}).
 */
public final class ErrorRatioTest {
  /** Alternatives above a null ratio: the null times these. */
  static final double[] WORSE = {1.1, 1.25, 1.5, 2, 3, 5, 10, 20};
  /** Alternatives below a null ratio: the null divided by these. */
  static final double[] BETTER = {1.1, 1.25, 1.5, 2, 3, 5, 10};
  /** The display grid: 2^(k/4) for k in -24..24 (1/64 to 64). */
  private static final int GRID_HALF = 24;
  /** The display grid's ends: an interval reaching one means "or beyond". */
  public static final double GRID_LOWEST = 1.0 / 64;
  public static final double GRID_HIGHEST = 64;

  private final double tolerance;
  private final double detect;
  private final double[] ratios;
  private final double[] logLikelihood;
  private long errorsCandidate;
  private long errorsStable;
  private int informativePeriods;

  /**
   * @param tolerance the ratio the candidate may reach without being rolled back (the harm test's null)
   * @param detect the ratio the candidate must be shown to be below before it is given all traffic
   */
  public ErrorRatioTest(double tolerance, double detect) {
    this.tolerance = tolerance;
    this.detect = detect;
    double[] points = new double[2 * GRID_HALF + 1 + 2 + WORSE.length + BETTER.length];
    int i = 0;
    for (int k = -GRID_HALF; k <= GRID_HALF; k++) {
      points[i++] = grid(k);
    }
    points[i++] = tolerance;
    points[i++] = detect;
    for (double m : WORSE) {
      points[i++] = tolerance * m;
    }
    for (double d : BETTER) {
      points[i++] = detect / d;
    }
    this.ratios = Arrays.stream(points).sorted().distinct().toArray();
    this.logLikelihood = new double[ratios.length];
  }

  /** Adds one sample period: the candidate's and stable's requests and 5xx in it. */
  public void add(long requestsCandidate, long errorsCandidate, long requestsStable, long errorsStable) {
    if (requestsCandidate <= 0 || requestsStable <= 0 || errorsCandidate + errorsStable == 0) {
      return;
    }
    double share = (double) requestsCandidate / (requestsCandidate + requestsStable);
    for (int i = 0; i < ratios.length; i++) {
      double pi = share * ratios[i] / (share * ratios[i] + 1 - share);
      double ll = 0;
      if (errorsCandidate > 0) {
        ll += errorsCandidate * StrictMath.log(pi);
      }
      if (errorsStable > 0) {
        ll += errorsStable * StrictMath.log1p(-pi);
      }
      logLikelihood[i] += ll;
    }
    this.errorsCandidate += errorsCandidate;
    this.errorsStable += errorsStable;
    informativePeriods++;
  }

  /** Log e-value against "the candidate's ratio is at most the tolerance": grows when it is worse. */
  public double logHarm() {
    double[] logs = new double[WORSE.length];
    double base = at(tolerance);
    for (int i = 0; i < WORSE.length; i++) {
      logs[i] = at(tolerance * WORSE[i]) - base;
    }
    return Math.min(RateEvidence.MAX_LOG, RateEvidence.logMean(logs, logs.length));
  }

  /** Log e-value against "the candidate's ratio is at least {@code detect}": grows when it is not worse. */
  public double logNotWorse() {
    double[] logs = new double[BETTER.length];
    double base = at(detect);
    for (int i = 0; i < BETTER.length; i++) {
      logs[i] = at(detect / BETTER[i]) - base;
    }
    return Math.min(RateEvidence.MAX_LOG, RateEvidence.logMean(logs, logs.length));
  }

  /** The ratio on the display grid the data make most likely; null before any 5xx was seen. */
  public Double estimate() {
    if (informativePeriods == 0) {
      return null;
    }
    int best = 0;
    double bestLikelihood = at(grid(0));
    for (int k = -GRID_HALF; k <= GRID_HALF; k++) {
      double likelihood = at(grid(k));
      if (likelihood > bestLikelihood) {
        best = k;
        bestLikelihood = likelihood;
      }
    }
    return grid(best);
  }

  /**
   * The ratios on the display grid that neither one-sided test rejects at {@code a/2}: an anytime-valid
   * interval (to the grid's resolution, a factor of 2^(1/4)); {@code [lowest, highest]}, null before any
   * 5xx was seen. Ends at 1/64 or 64 mean "or beyond".
   */
  public double[] interval(double a) {
    if (informativePeriods == 0) {
      return null;
    }
    double threshold = StrictMath.log(2 / a);
    int[] offsets = {2, 4, 6, 9, 13, 17}; // about x1.4, x2, x2.8, x4.8, x9.5, x19 on the grid
    Double low = null;
    Double high = null;
    for (int k = -GRID_HALF; k <= GRID_HALF; k++) {
      double base = at(grid(k));
      double[] up = new double[offsets.length];
      double[] down = new double[offsets.length];
      int nu = 0;
      int nd = 0;
      for (int o : offsets) {
        if (k + o <= GRID_HALF) {
          up[nu++] = at(grid(k + o)) - base;
        }
        if (k - o >= -GRID_HALF) {
          down[nd++] = at(grid(k - o)) - base;
        }
      }
      boolean rejected = (nu > 0 && RateEvidence.logMean(up, nu) >= threshold)
          || (nd > 0 && RateEvidence.logMean(down, nd) >= threshold);
      if (!rejected) {
        if (low == null) {
          low = grid(k);
        }
        high = grid(k);
      }
    }
    if (low == null) {
      Double estimate = estimate();
      return new double[] {estimate, estimate};
    }
    return new double[] {low, high};
  }

  /**
   * The expected gain of {@link #logNotWorse} per 5xx if the candidate's ratio were {@code rho} at the
   * candidate share {@code share} (the Kullback-Leibler divergence, nats): how fast evidence would grow.
   */
  public double notWorseGainPerError(double rho, double share) {
    double p = share * rho / (share * rho + 1 - share);
    double q = share * detect / (share * detect + 1 - share);
    if (p <= 0 || p >= 1 || q <= 0 || q >= 1) {
      return 0;
    }
    return p * StrictMath.log(p / q) + (1 - p) * StrictMath.log((1 - p) / (1 - q));
  }

  public long errorsCandidate() {
    return errorsCandidate;
  }

  public long errorsStable() {
    return errorsStable;
  }

  public double tolerance() {
    return tolerance;
  }

  public double detect() {
    return detect;
  }

  private double at(double ratio) {
    int i = Arrays.binarySearch(ratios, ratio);
    if (i < 0) {
      throw new IllegalStateException("ratio " + ratio + " is not tracked");
    }
    return logLikelihood[i];
  }

  private static double grid(int k) {
    return StrictMath.pow(2, k / 4.0);
  }
}
