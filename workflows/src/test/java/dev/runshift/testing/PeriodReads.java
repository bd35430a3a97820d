package dev.runshift.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runshift.ports.MetricPeriod;
import dev.runshift.ports.MetricsQuery;
import dev.runshift.release.Decision;
import dev.runshift.release.ReleaseStatus;
import dev.runshift.testing.FakeMetricsSource.PeriodRead;
import java.time.Duration;
import java.util.List;

/** Assertions on the {@code readPeriods} calls a release made (sequential-verdict releases). */
public final class PeriodReads {
  private static final long PERIOD = 60_000;

  private PeriodReads() {}

  /**
   * The release's reads follow one another: the first is the baseline (the {@code baselineWindow} before
   * the release started, stable revisions only matter); every later read starts where the newest period
   * counted so far ended (where the previous read's newest period ended, or where the previous read
   * started when it returned none or failed), so no period is counted twice and none is skipped. The first
   * step read starts no later than the sample period in which the first shift happened.
   *
   * <p>With {@code everyPeriodServed} (traffic in every minute), the periods answered are also checked to
   * tile time: each starts where the one before ended.
   *
   * @return the step reads (every read after the baseline)
   */
  public static List<PeriodRead> assertEachPeriodCountedOnce(
      FakeMetricsSource metrics, ReleaseStatus status, Duration baselineWindow, boolean everyPeriodServed) {
    List<PeriodRead> reads = metrics.periodReads();
    assertTrue(reads.size() >= 2, "a baseline read and at least one step read: " + reads);
    long started = decidedAt(status, "release started");
    MetricsQuery baseline = reads.get(0).query();
    assertEquals(started - baselineWindow.toMillis(), baseline.startEpochMillis(), "baseline from");
    assertEquals(started, baseline.endEpochMillis(), "the baseline ends where the release started");
    assertEquals(status.stableRevisions(), baseline.stableRevisions());

    List<PeriodRead> steps = reads.subList(1, reads.size());
    long firstShift = status.decisions().stream().filter(d -> d.what().startsWith("shifted to ")).findFirst()
        .orElseThrow(() -> new AssertionError("no shift in " + status.decisions())).atEpochMillis();
    long from = steps.get(0).query().startEpochMillis();
    assertTrue(from <= Math.floorDiv(firstShift, PERIOD) * PERIOD,
        "the first step read (from " + from + ") includes the period of the first shift at " + firstShift);
    Long lastEnd = null;
    for (int i = 0; i < steps.size(); i++) {
      PeriodRead read = steps.get(i);
      assertEquals(from, read.query().startEpochMillis(),
          "step read " + i + " starts where the newest counted period ended: " + read.query());
      assertEquals(status.stableRevisions(), read.query().stableRevisions());
      assertEquals(status.candidateRevision(), read.query().candidateRevision());
      if (read.series() == null) {
        continue; // a failed read counted nothing
      }
      for (MetricPeriod period : read.series().periods()) {
        assertTrue(period.startEpochMillis() >= read.query().startEpochMillis()
            && period.endEpochMillis() <= read.query().endEpochMillis(), "whole periods inside the query window");
        if (lastEnd != null) {
          assertTrue(period.startEpochMillis() >= lastEnd, "a period answered twice: " + period);
          if (everyPeriodServed) {
            assertEquals(lastEnd.longValue(), period.startEpochMillis(), "a period was skipped before " + period);
          }
        }
        lastEnd = period.endEpochMillis();
      }
      from = read.series().endOr(from);
    }
    assertNotNull(lastEnd, "some period was counted");
    return steps;
  }

  /** When {@code what} was first decided. */
  public static long decidedAt(ReleaseStatus status, String what) {
    return status.decisions().stream().filter(d -> d.what().equals(what)).findFirst()
        .map(Decision::atEpochMillis)
        .orElseThrow(() -> new AssertionError("no decision '" + what + "' in " + status.decisions()));
  }
}
