package dev.runshift.health;

import dev.runshift.ports.ArmCounts;
import dev.runshift.ports.MetricPeriod;
import dev.runshift.ports.PeriodSeries;
import java.util.ArrayList;
import java.util.List;

/** Sample periods for the pure evidence tests: 60 s each, aligned to the minute from {@link #T0}. */
final class Periods {
  static final long MINUTE = 60_000;
  /** A whole minute (2026-03-02T08:00:00Z). */
  static final long T0 = 1_772_438_400_000L;

  private Periods() {}

  /** Period {@code k} (from {@link #T0}) with the candidate's and stable's requests and 5xx. */
  static MetricPeriod period(long k, long candidateRequests, long candidateErrors, long stableRequests,
      long stableErrors) {
    return new MetricPeriod(T0 + k * MINUTE, T0 + (k + 1) * MINUTE,
        new ArmCounts(candidateRequests, candidateErrors, null), new ArmCounts(stableRequests, stableErrors, null));
  }

  static PeriodSeries series(MetricPeriod... periods) {
    return new PeriodSeries(List.of(periods), List.of());
  }

  /** Periods {@code from} to {@code to - 1}, each with the same counts. */
  static PeriodSeries repeat(long from, long to, long candidateRequests, long candidateErrors, long stableRequests,
      long stableErrors) {
    List<MetricPeriod> out = new ArrayList<>();
    for (long k = from; k < to; k++) {
      out.add(period(k, candidateRequests, candidateErrors, stableRequests, stableErrors));
    }
    return new PeriodSeries(out, List.of());
  }
}
