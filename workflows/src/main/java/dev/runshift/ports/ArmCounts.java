package dev.runshift.ports;

import java.util.Arrays;

/**
 * What one arm of the comparison (the candidate revision, or the stable revisions summed) served in one
 * or more whole sample periods: requests, of which 5xx, and the latency distribution as bucket counts on
 * the bucket layout of the {@link PeriodSeries} it belongs to (index 0 is the underflow bucket, the last
 * one the overflow bucket; trailing empty buckets may be left out).
 */
public record ArmCounts(long requests, long errors5xx, long[] latencyBuckets) {
  private static final long[] NONE = new long[0];

  public ArmCounts {
    if (requests < 0 || errors5xx < 0 || errors5xx > requests) {
      throw new IllegalArgumentException(
          "counts must satisfy 0 <= errors5xx <= requests, got " + errors5xx + " of " + requests);
    }
    latencyBuckets = latencyBuckets == null ? NONE : latencyBuckets.clone();
  }

  public static ArmCounts empty() {
    return new ArmCounts(0, 0, NONE);
  }

  /** A copy of the bucket counts (records share no mutable state). */
  @Override
  public long[] latencyBuckets() {
    return latencyBuckets.clone();
  }

  /** Requests in the latency distribution (can differ from {@link #requests} by what Monitoring kept). */
  public long latencyCount() {
    long total = 0;
    for (long c : latencyBuckets) {
      total += c;
    }
    return total;
  }

  /** The sum of this and {@code other}, bucket by bucket. */
  public ArmCounts plus(ArmCounts other) {
    long[] mine = latencyBuckets;
    long[] theirs = other.latencyBuckets;
    long[] sum = Arrays.copyOf(mine.length >= theirs.length ? mine : theirs, Math.max(mine.length, theirs.length));
    long[] shorter = mine.length >= theirs.length ? theirs : mine;
    for (int i = 0; i < shorter.length; i++) {
      sum[i] += shorter[i];
    }
    return new ArmCounts(requests + other.requests, errors5xx + other.errors5xx, sum);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ArmCounts a && a.requests == requests && a.errors5xx == errors5xx
        && Arrays.equals(trimmed(a.latencyBuckets), trimmed(latencyBuckets));
  }

  @Override
  public int hashCode() {
    return Long.hashCode(requests) * 31 + Long.hashCode(errors5xx) * 17 + Arrays.hashCode(trimmed(latencyBuckets));
  }

  @Override
  public String toString() {
    return "ArmCounts[requests=" + requests + ", errors5xx=" + errors5xx + ", latencyCount=" + latencyCount() + "]";
  }

  private static long[] trimmed(long[] buckets) {
    int end = buckets.length;
    while (end > 0 && buckets[end - 1] == 0) {
      end--;
    }
    return Arrays.copyOf(buckets, end);
  }
}
