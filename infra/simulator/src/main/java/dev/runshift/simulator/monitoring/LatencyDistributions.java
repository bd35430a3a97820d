package dev.runshift.simulator.monitoring;

import com.google.api.Distribution;
import com.google.api.Distribution.BucketOptions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Latency distributions as Cloud Run reports them for {@code run.googleapis.com/request_latencies}:
 * milliseconds in exponential buckets (scale 1 ms, growth factor 1.4, 100 finite buckets).
 *
 * <p>The model is lognormal, fitted to a p50 and a p99: {@code mu = ln p50},
 * {@code sigma = (ln p99 - ln p50) / 2.3263}. A sample of n requests puts {@code n x P(bucket)} in each
 * bucket, rounded by largest remainder so the counts sum to n (no noise on the shape). Percentiles are
 * read back from the buckets, interpolating geometrically inside the bucket that holds the rank, which
 * for this model lands within a few percent of the model's own percentile once n is in the hundreds.
 */
public final class LatencyDistributions {
  static final int FINITE_BUCKETS = 100;
  static final double GROWTH = 1.4;
  static final double SCALE = 1.0;
  private static final double Z99 = 2.3263478740408408;

  static final BucketOptions BUCKETS = BucketOptions.newBuilder()
      .setExponentialBuckets(BucketOptions.Exponential.newBuilder()
          .setNumFiniteBuckets(FINITE_BUCKETS)
          .setGrowthFactor(GROWTH)
          .setScale(SCALE))
      .build();

  private record Shape(double p50, double p99) {}

  private static final Map<Shape, double[]> PROBABILITIES = new ConcurrentHashMap<>();

  private LatencyDistributions() {}

  /** A distribution of {@code n} requests drawn (deterministically) from the lognormal of p50/p99. */
  public static Distribution of(long n, double p50Ms, double p99Ms) {
    if (n <= 0) {
      return Distribution.newBuilder().setBucketOptions(BUCKETS).build();
    }
    double mu = Math.log(p50Ms);
    double sigma = sigma(p50Ms, p99Ms);
    double mean = Math.exp(mu + sigma * sigma / 2);
    double variance = (Math.exp(sigma * sigma) - 1) * Math.exp(2 * mu + sigma * sigma);
    double[] p = PROBABILITIES.computeIfAbsent(new Shape(p50Ms, p99Ms), s -> probabilities(mu, sigma));
    long[] counts = new long[p.length];
    double[] remainders = new double[p.length];
    long assigned = 0;
    for (int i = 0; i < p.length; i++) {
      double exact = n * p[i];
      counts[i] = (long) Math.floor(exact);
      remainders[i] = exact - counts[i];
      assigned += counts[i];
    }
    for (long left = n - assigned; left > 0; left--) {
      int best = 0;
      for (int i = 1; i < remainders.length; i++) {
        if (remainders[i] > remainders[best]) {
          best = i;
        }
      }
      counts[best]++;
      remainders[best] = -1;
    }
    return build(n, mean, variance * n, counts);
  }

  /** The sum of distributions with the Cloud Run bucket layout. */
  public static Distribution merge(List<Distribution> parts) {
    long n = 0;
    double sum = 0;
    long[] counts = new long[FINITE_BUCKETS + 2];
    for (Distribution d : parts) {
      n += d.getCount();
      sum += d.getMean() * d.getCount();
      for (int i = 0; i < d.getBucketCountsCount(); i++) {
        counts[i] += d.getBucketCounts(i);
      }
    }
    if (n == 0) {
      return Distribution.newBuilder().setBucketOptions(BUCKETS).build();
    }
    double mean = sum / n;
    // pooled sum of squared deviations: within-part plus between-part
    double ssd = 0;
    for (Distribution d : parts) {
      if (d.getCount() > 0) {
        double delta = d.getMean() - mean;
        ssd += d.getSumOfSquaredDeviation() + d.getCount() * delta * delta;
      }
    }
    return build(n, mean, ssd, counts);
  }

  /** The {@code q}-quantile (0..1) read from the buckets; NaN for an empty distribution. */
  public static double percentile(Distribution d, double q) {
    if (d.getCount() == 0) {
      return Double.NaN;
    }
    double rank = q * d.getCount();
    long before = 0;
    for (int i = 0; i < d.getBucketCountsCount(); i++) {
      long c = d.getBucketCounts(i);
      if (c > 0 && before + c >= rank) {
        double f = Math.max(0, Math.min(1, (rank - before) / c));
        if (i == 0) {
          return SCALE * f;
        }
        double lo = SCALE * Math.pow(GROWTH, i - 1);
        if (i > FINITE_BUCKETS) {
          return lo;
        }
        return lo * Math.pow(GROWTH, f);
      }
      before += c;
    }
    return SCALE * Math.pow(GROWTH, FINITE_BUCKETS);
  }

  /** The model's own percentile, for comparison with what the buckets give. */
  public static double modelPercentile(double p50Ms, double p99Ms, double q) {
    return Math.exp(Math.log(p50Ms) + sigma(p50Ms, p99Ms) * inverseNormal(q));
  }

  private static double sigma(double p50, double p99) {
    return Math.max(1e-6, (Math.log(p99) - Math.log(p50)) / Z99);
  }

  private static Distribution build(long n, double mean, double ssd, long[] counts) {
    int last = counts.length - 1;
    while (last > 0 && counts[last] == 0) {
      last--;
    }
    Distribution.Builder b = Distribution.newBuilder()
        .setCount(n)
        .setMean(mean)
        .setSumOfSquaredDeviation(ssd)
        .setBucketOptions(BUCKETS);
    for (int i = 0; i <= last; i++) {
      b.addBucketCounts(counts[i]);
    }
    return b.build();
  }

  /** P(bucket i) for i = 0 (underflow) .. FINITE_BUCKETS + 1 (overflow). */
  private static double[] probabilities(double mu, double sigma) {
    double[] p = new double[FINITE_BUCKETS + 2];
    double previous = 0;
    for (int i = 0; i <= FINITE_BUCKETS; i++) {
      double upper = SCALE * Math.pow(GROWTH, i);
      double cdf = normalCdf((Math.log(upper) - mu) / sigma);
      p[i] = cdf - previous;
      previous = cdf;
    }
    p[FINITE_BUCKETS + 1] = 1 - previous;
    return p;
  }

  /** Standard normal CDF (Abramowitz and Stegun 7.1.26 erf, absolute error below 1.5e-7). */
  static double normalCdf(double z) {
    double x = Math.abs(z) / Math.sqrt(2);
    double t = 1 / (1 + 0.3275911 * x);
    double erf = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t
        + 0.254829592) * t * Math.exp(-x * x);
    return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
  }

  /** Inverse standard normal CDF by bisection on {@link #normalCdf} (precise enough for a model). */
  static double inverseNormal(double q) {
    double lo = -10;
    double hi = 10;
    for (int i = 0; i < 80; i++) {
      double mid = (lo + hi) / 2;
      if (normalCdf(mid) < q) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return (lo + hi) / 2;
  }
}
