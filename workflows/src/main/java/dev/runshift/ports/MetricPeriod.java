package dev.runshift.ports;

/**
 * One sample period {@code [startEpochMillis, endEpochMillis)} as Cloud Monitoring reports it (60 s on
 * Cloud Run, aligned to the minute): what the candidate and the stable revisions (summed) served in it.
 * Both arms come from the same period, so their counts can be compared request for request.
 */
public record MetricPeriod(long startEpochMillis, long endEpochMillis, ArmCounts candidate, ArmCounts stable) {
  public MetricPeriod {
    if (endEpochMillis <= startEpochMillis) {
      throw new IllegalArgumentException("a period must end after it starts");
    }
    candidate = candidate == null ? ArmCounts.empty() : candidate;
    stable = stable == null ? ArmCounts.empty() : stable;
  }
}
