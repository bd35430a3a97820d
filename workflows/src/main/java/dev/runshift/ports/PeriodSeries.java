package dev.runshift.ports;

import java.util.List;

/**
 * The sample periods of a query window, oldest first, each reported once and whole: a period is in the
 * series only when it lies entirely inside the window and Monitoring already shows it; a period in
 * which neither arm served a request may be missing. {@code latencyBounds} are the finite bucket
 * boundaries (milliseconds, increasing) of every latency distribution in the series: bucket 0 is below
 * the first boundary, bucket {@code i} is {@code [bound(i-1), bound(i))}, the last bucket is at or above
 * the last boundary. Empty when the window held no latency data, or when the source could not give the
 * whole series one layout (then no period carries latency buckets; counts are unaffected). The layout is
 * the metrics source's and is not promised to stay the same from one series to the next: a caller that
 * adds buckets across reads must compare their {@code latencyBounds} first.
 */
public record PeriodSeries(List<MetricPeriod> periods, List<Double> latencyBounds) {
  public PeriodSeries {
    periods = periods == null ? List.of() : List.copyOf(periods);
    latencyBounds = latencyBounds == null ? List.of() : List.copyOf(latencyBounds);
  }

  public static PeriodSeries empty() {
    return new PeriodSeries(List.of(), List.of());
  }

  /**
   * Every period summed into one that spans from the first period's start to the last one's end (empty
   * when there are none): what a long window, such as a baseline, weighs in a workflow's history.
   */
  public PeriodSeries summed() {
    if (periods.size() <= 1) {
      return this;
    }
    ArmCounts candidate = ArmCounts.empty();
    ArmCounts stable = ArmCounts.empty();
    for (MetricPeriod p : periods) {
      candidate = candidate.plus(p.candidate());
      stable = stable.plus(p.stable());
    }
    MetricPeriod all = new MetricPeriod(periods.get(0).startEpochMillis(),
        periods.get(periods.size() - 1).endEpochMillis(), candidate, stable);
    return new PeriodSeries(List.of(all), latencyBounds);
  }

  /** The end of the newest period, or {@code otherwise} when there is none. */
  public long endOr(long otherwise) {
    return periods.isEmpty() ? otherwise : periods.get(periods.size() - 1).endEpochMillis();
  }
}
