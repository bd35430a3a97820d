package dev.runshift.simulator.monitoring;

import com.google.api.Distribution;
import com.google.api.Distribution.BucketOptions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.AliasMethodDiscreteSampler;
import org.apache.commons.rng.sampling.distribution.DiscreteSampler;
import org.apache.commons.rng.sampling.distribution.SharedStateDiscreteSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.apache.commons.statistics.distribution.BinomialDistribution;
import org.apache.commons.statistics.distribution.LogNormalDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * Latency distributions as Cloud Run reports them for {@code run.googleapis.com/request_latencies}:
 * milliseconds in exponential buckets (scale 1 ms, growth factor 1.4, 100 finite buckets).
 *
 * <p>The model is lognormal, fitted to a p50 and a p99: {@code mu = ln p50},
 * {@code sigma = (ln p99 - ln p50) / z(0.99)}. A sample of n requests has bucket counts
 * {@code ~ Multinomial(n, P(bucket))}, drawn with the caller's generator: up to {@value #PER_REQUEST_LIMIT}
 * requests, each request's bucket is drawn (Walker's alias method); above, bucket by bucket from the most
 * probable as conditional binomials, {@code c_k ~ Binomial(n - c_1 - ... - c_(k-1), P_k / (P_k + P_(k+1) + ...))}.
 * Both are exact. The distribution's mean and sum of squared deviations are those the counts imply, each
 * request taken at its bucket's conditional mean and variance under the model. Bucket probabilities,
 * conditional moments and the alias tables are computed once per (p50, p99) and cached. Percentiles are
 * read back from the buckets, interpolating geometrically inside the bucket that holds the rank.
 *
 * <p>Probabilities and quantiles come from Apache Commons Statistics, sampling from Apache Commons RNG.
 */
public final class LatencyDistributions {
  static final int FINITE_BUCKETS = 100;
  static final double GROWTH = 1.4;
  static final double SCALE = 1.0;
  /** Bucket 0 is the underflow, 1..100 the finite buckets, 101 the overflow. */
  static final int BUCKET_COUNT = FINITE_BUCKETS + 2;
  /** Up to this many requests, the multinomial is drawn request by request; above, bucket by bucket. */
  static final long PER_REQUEST_LIMIT = 4096;

  private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);
  private static final double Z99 = STANDARD_NORMAL.inverseCumulativeProbability(0.99);

  static final BucketOptions BUCKETS = BucketOptions.newBuilder()
      .setExponentialBuckets(BucketOptions.Exponential.newBuilder()
          .setNumFiniteBuckets(FINITE_BUCKETS)
          .setGrowthFactor(GROWTH)
          .setScale(SCALE))
      .build();

  private static final Distribution EMPTY = Distribution.newBuilder().setBucketOptions(BUCKETS).build();

  private record Key(double p50, double p99) {}

  private static final Map<Key, Shape> SHAPES = new ConcurrentHashMap<>();

  private LatencyDistributions() {}

  /**
   * The lognormal of one (p50, p99) in the bucket layout, with everything sampling needs. Immutable; the
   * alias sampler is shared and rebound to each caller's generator.
   */
  static final class Shape {
    final double mu;
    final double sigma;
    /** P(bucket i), i = 0 .. BUCKET_COUNT - 1. */
    final double[] probabilities;
    /** The buckets of positive probability, most probable first. */
    final int[] order;
    /** {@code P(order[k]) / (P(order[k]) + P(order[k + 1]) + ...)}: bucket k's share of what is left. */
    final double[] conditional;
    /** The model's mean and variance of a latency, given its bucket. */
    final double[] bucketMean;
    final double[] bucketVariance;
    final SharedStateDiscreteSampler alias;

    Shape(double p50, double p99) {
      this.mu = Math.log(p50);
      this.sigma = sigma(p50, p99);
      this.probabilities = new double[BUCKET_COUNT];
      this.bucketMean = new double[BUCKET_COUNT];
      this.bucketVariance = new double[BUCKET_COUNT];
      double m1 = Math.exp(mu + sigma * sigma / 2);
      double m2 = Math.exp(2 * mu + 2 * sigma * sigma);
      int positive = 0;
      for (int i = 0; i < BUCKET_COUNT; i++) {
        double lower = lowerBound(i);
        double upper = upperBound(i);
        double alpha = (Math.log(lower) - mu) / sigma; // -inf for bucket 0
        double beta = (Math.log(upper) - mu) / sigma; // +inf for the overflow
        double p = STANDARD_NORMAL.probability(alpha, beta);
        probabilities[i] = p;
        double mean = Double.isInfinite(upper) ? lower : Math.sqrt(Math.max(lower, SCALE / GROWTH) * upper);
        double variance = 0;
        if (p > 1e-300) {
          positive++;
          double e1 = m1 * STANDARD_NORMAL.probability(alpha - sigma, beta - sigma) / p;
          double e2 = m2 * STANDARD_NORMAL.probability(alpha - 2 * sigma, beta - 2 * sigma) / p;
          if (Double.isFinite(e1) && e1 >= lower && e1 <= upper) {
            mean = e1;
            variance = Double.isFinite(e2) ? Math.max(0, e2 - e1 * e1) : 0;
          }
        }
        bucketMean[i] = mean;
        bucketVariance[i] = variance;
      }
      Integer[] byProbability = new Integer[positive];
      for (int i = 0, k = 0; i < BUCKET_COUNT; i++) {
        if (probabilities[i] > 1e-300) {
          byProbability[k++] = i;
        }
      }
      java.util.Arrays.sort(byProbability, (a, b) -> Double.compare(probabilities[b], probabilities[a]));
      this.order = new int[positive];
      this.conditional = new double[positive];
      double tail = 0;
      for (int k = positive - 1; k >= 0; k--) {
        order[k] = byProbability[k];
        tail += probabilities[order[k]];
        conditional[k] = k == positive - 1 ? 1 : Math.min(1, probabilities[order[k]] / tail);
      }
      this.alias = AliasMethodDiscreteSampler.of(RandomSource.SPLIT_MIX_64.create(0L), probabilities);
    }
  }

  /** The cached shape of the lognormal with this p50 and p99. */
  static Shape shape(double p50Ms, double p99Ms) {
    return SHAPES.computeIfAbsent(new Key(p50Ms, p99Ms), k -> new Shape(k.p50(), k.p99()));
  }

  /** A distribution of no requests. */
  public static Distribution empty() {
    return EMPTY;
  }

  /**
   * The latencies of {@code n} requests drawn from the lognormal of p50/p99 with {@code rng}: bucket
   * counts {@code ~ Multinomial(n, P(bucket))}. Deterministic for a given generator state.
   */
  public static Distribution sample(UniformRandomProvider rng, long n, double p50Ms, double p99Ms) {
    if (n <= 0) {
      return EMPTY;
    }
    Shape shape = shape(p50Ms, p99Ms);
    long[] counts = new long[BUCKET_COUNT];
    if (n <= PER_REQUEST_LIMIT) {
      DiscreteSampler bucket = shape.alias.withUniformRandomProvider(rng);
      for (long i = 0; i < n; i++) {
        counts[bucket.sample()]++;
      }
    } else {
      long remaining = n;
      int[] order = shape.order;
      for (int k = 0; k < order.length && remaining > 0; k++) {
        long c = binomial(rng, remaining, shape.conditional[k]);
        counts[order[k]] += c;
        remaining -= c;
      }
    }
    double sum = 0;
    for (int i = 0; i < BUCKET_COUNT; i++) {
      sum += counts[i] * shape.bucketMean[i];
    }
    double mean = sum / n;
    double ssd = 0;
    for (int i = 0; i < BUCKET_COUNT; i++) {
      if (counts[i] > 0) {
        double delta = shape.bucketMean[i] - mean;
        ssd += counts[i] * (shape.bucketVariance[i] + delta * delta);
      }
    }
    return build(n, mean, ssd, counts);
  }

  /** {@code Binomial(trials, p)} with Commons Statistics' sampler (in chunks past {@code Integer.MAX_VALUE}). */
  static long binomial(UniformRandomProvider rng, long trials, double p) {
    if (trials <= 0 || p <= 0) {
      return 0;
    }
    if (p >= 1) {
      return trials;
    }
    long total = 0;
    for (long left = trials; left > 0; ) {
      int chunk = (int) Math.min(left, Integer.MAX_VALUE);
      total += BinomialDistribution.of(chunk, p).createSampler(rng).sample();
      left -= chunk;
    }
    return total;
  }

  /** The sum of distributions with the Cloud Run bucket layout. */
  public static Distribution merge(List<Distribution> parts) {
    long n = 0;
    double sum = 0;
    long[] counts = new long[BUCKET_COUNT];
    for (Distribution d : parts) {
      n += d.getCount();
      sum += d.getMean() * d.getCount();
      for (int i = 0; i < d.getBucketCountsCount(); i++) {
        counts[i] += d.getBucketCounts(i);
      }
    }
    if (n == 0) {
      return EMPTY;
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
    return LogNormalDistribution.of(Math.log(p50Ms), sigma(p50Ms, p99Ms)).inverseCumulativeProbability(q);
  }

  /** The model's probability of each bucket (0: underflow, 101: overflow), a copy. */
  public static double[] bucketProbabilities(double p50Ms, double p99Ms) {
    return shape(p50Ms, p99Ms).probabilities.clone();
  }

  private static double sigma(double p50, double p99) {
    return Math.max(1e-6, (Math.log(p99) - Math.log(p50)) / Z99);
  }

  /** The lower bound of bucket {@code i}: 0, then {@code SCALE * GROWTH^(i-1)}. */
  static double lowerBound(int i) {
    return i == 0 ? 0 : SCALE * Math.pow(GROWTH, i - 1);
  }

  /** The upper bound of bucket {@code i}: {@code SCALE * GROWTH^i}, infinite for the overflow. */
  static double upperBound(int i) {
    return i > FINITE_BUCKETS ? Double.POSITIVE_INFINITY : SCALE * Math.pow(GROWTH, i);
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
}
