package dev.runshift.bench.decisions;

import java.util.Arrays;

/** The summary statistics of the benchmark: medians, shares, means. */
public final class Stats {
  private Stats() {}

  /** The median (the mean of the two middle values for an even count); null when there are none. */
  public static Double median(long[] values) {
    if (values.length == 0) {
      return null;
    }
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? (double) sorted[mid] : (sorted[mid - 1] + (double) sorted[mid]) / 2;
  }

  /** {@code count / total}; 0 when total is 0. */
  public static double share(long count, long total) {
    return total == 0 ? 0 : (double) count / total;
  }

  /** The arithmetic mean; 0 for no values. */
  public static double mean(double[] values) {
    if (values.length == 0) {
      return 0;
    }
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }
}
