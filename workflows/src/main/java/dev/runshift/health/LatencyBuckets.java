package dev.runshift.health;

import java.util.List;

/**
 * Reading latency bucket counts laid out as Cloud Monitoring reports them: {@code bounds} are the finite
 * boundaries; bucket 0 is below {@code bounds[0]}, bucket {@code i} is {@code [bounds[i-1], bounds[i])},
 * the last bucket is at or above the last boundary.
 */
final class LatencyBuckets {
  private LatencyBuckets() {}

  /**
   * The requests certainly above {@code limitMs}: those in buckets whose lower boundary is at or above it
   * (the bucket that holds the limit is not counted, so the count never overstates).
   */
  static long countAbove(List<Double> bounds, long[] counts, double limitMs) {
    long above = 0;
    for (int i = 1; i < counts.length; i++) {
      // Bucket i starts at bounds[i-1]; a bucket past the layout's end lies above every boundary.
      if (i - 1 >= bounds.size() || bounds.get(i - 1) >= limitMs) {
        above += counts[i];
      }
    }
    return above;
  }

  /** The upper boundary of the bucket holding the {@code q}-quantile; null without data. */
  static Double upperBoundOfQuantile(List<Double> bounds, long[] counts, double q) {
    int bucket = quantileBucket(counts, q);
    if (bucket < 0) {
      return null;
    }
    if (bucket < bounds.size()) {
      return bounds.get(bucket);
    }
    return bounds.isEmpty() ? null : bounds.get(bounds.size() - 1);
  }

  /**
   * The {@code q}-quantile, interpolated geometrically inside its bucket (linearly in the first); null
   * without data.
   */
  static Double percentile(List<Double> bounds, long[] counts, double q) {
    int bucket = quantileBucket(counts, q);
    if (bucket < 0 || bounds.isEmpty()) {
      return null;
    }
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    long before = 0;
    for (int i = 0; i < bucket; i++) {
      before += counts[i];
    }
    double f = Math.max(0, Math.min(1, (q * total - before) / counts[bucket]));
    if (bucket == 0) {
      return bounds.get(0) * f;
    }
    if (bucket > bounds.size() - 1) {
      return bounds.get(bounds.size() - 1);
    }
    double lo = bounds.get(bucket - 1);
    double hi = bounds.get(bucket);
    return lo > 0 ? lo * StrictMath.pow(hi / lo, f) : lo + (hi - lo) * f;
  }

  private static int quantileBucket(long[] counts, double q) {
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    if (total == 0) {
      return -1;
    }
    double rank = q * total;
    long cumulative = 0;
    for (int i = 0; i < counts.length; i++) {
      cumulative += counts[i];
      if (counts[i] > 0 && cumulative >= rank) {
        return i;
      }
    }
    return counts.length - 1;
  }
}
