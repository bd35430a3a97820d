package dev.runshift.health;

import static dev.runshift.health.Periods.MINUTE;
import static dev.runshift.health.Periods.T0;
import static dev.runshift.health.Periods.period;
import static dev.runshift.health.Periods.repeat;
import static dev.runshift.health.Periods.series;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.runshift.policy.RolloutPolicy;
import dev.runshift.ports.ArmCounts;
import dev.runshift.ports.MetricPeriod;
import dev.runshift.ports.PeriodSeries;
import dev.runshift.ports.WindowMetrics;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link ReleaseEvidence}: each period counted once, the step's periods, the baseline, where reads start. */
class ReleaseEvidenceTest {
  private static final RolloutPolicy POLICY = RolloutPolicy.defaults();

  private static ReleaseEvidence started(long shift) {
    ReleaseEvidence evidence = ReleaseEvidence.start(POLICY, null);
    evidence.startStep(0, shift);
    return evidence;
  }

  @Test
  void aPeriodGivenTwiceOrInOverlappingSeriesIsCountedOnce() {
    ReleaseEvidence evidence = started(T0 + 5_000);
    MetricPeriod p0 = period(0, 100, 1, 900, 2);
    MetricPeriod p1 = period(1, 110, 2, 890, 3);
    MetricPeriod p2 = period(2, 120, 3, 880, 4);
    evidence.add(series(p0, p1));
    evidence.add(series(p0, p1)); // the same answer again
    evidence.add(series(p1, p2)); // overlapping
    evidence.add(series(p0, p1, p2)); // everything again
    evidence.add(series(p2));

    assertEquals(3, evidence.periods());
    assertEquals(new ArmCounts(330, 6, null), evidence.candidate());
    assertEquals(new ArmCounts(2670, 9, null), evidence.stable());
    assertEquals(6, evidence.ratio().errorsCandidate(), "the ratio test saw each period once too");
    assertEquals(9, evidence.ratio().errorsStable());
    assertEquals(3, evidence.stepPeriods());
    assertEquals(new ArmCounts(330, 6, null), evidence.stepCandidate());
    assertEquals(p2.endEpochMillis(), evidence.queryFrom());
  }

  @Test
  void periodsBeforeTheFirstShiftsMinuteAreNotCounted() {
    ReleaseEvidence evidence = started(T0 + 5_000);
    assertEquals(T0 + 5_000 - MINUTE, evidence.queryFrom(), "the period in which the shift happened is read");
    evidence.add(series(period(-1, 0, 0, 1000, 1), period(0, 100, 0, 900, 1)));
    assertEquals(1, evidence.periods());
    assertEquals(900, evidence.stable().requests());
  }

  /**
   * A period counts for the step when it ended at least half a period (30 s) after the step's traffic
   * change; every period counts for the release.
   */
  @ParameterizedTest(name = "shift {0} ms into the period: counted for the step = {1}")
  @CsvSource({"0, true", "5000, true", "29999, true", "30000, true", "30001, false", "45000, false",
      "59999, false"})
  void stepCountsFollowTheHalfPeriodRule(long shiftIntoPeriod, boolean counted) {
    ReleaseEvidence evidence = started(T0 - 10 * MINUTE);
    evidence.add(repeat(-10, 0, 10, 0, 90, 0));
    evidence.startStep(1, T0 + shiftIntoPeriod);
    evidence.add(series(period(0, 50, 1, 50, 1), period(1, 60, 2, 40, 0)));

    assertEquals(12, evidence.periods());
    assertEquals(counted ? 2 : 1, evidence.stepPeriods());
    assertEquals(counted ? new ArmCounts(110, 3, null) : new ArmCounts(60, 2, null), evidence.stepCandidate());
    assertEquals(counted ? new ArmCounts(90, 1, null) : new ArmCounts(40, 0, null), evidence.stepStable());
    assertEquals((counted ? 2 : 1) * MINUTE, evidence.stepPeriodMillis());
    assertEquals(new ArmCounts(100 + 110, 3, null), evidence.candidate(), "the release counts them all");
  }

  @Test
  void aNewStepStartsItsOwnCountsButKeepsTheReleaseCountsAndWhereReadsStart() {
    ReleaseEvidence evidence = started(T0 + 5_000);
    evidence.add(repeat(0, 3, 100, 1, 900, 1));
    long from = evidence.queryFrom();
    evidence.noteThresholdVerdict(Health.UNHEALTHY);

    evidence.startStep(1, T0 + 3 * MINUTE + 5_000);
    assertEquals(from, evidence.queryFrom(), "a later step does not move where reads start");
    assertEquals(1, evidence.stepIndex());
    assertEquals(T0 + 3 * MINUTE + 5_000, evidence.stepStart());
    assertEquals(0, evidence.stepPeriods());
    assertEquals(ArmCounts.empty(), evidence.stepCandidate());
    assertEquals(0, evidence.stepPeriodMillis());
    assertEquals(3, evidence.periods());
    assertEquals(1, evidence.noteThresholdVerdict(Health.UNHEALTHY), "the unhealthy run starts again");
  }

  @Test
  void queryFromMovesToTheEndOfTheNewestCountedPeriod() {
    ReleaseEvidence evidence = ReleaseEvidence.start(POLICY, null);
    assertEquals(Long.MIN_VALUE, evidence.queryFrom(), "nothing to read before the first step");
    evidence.startStep(0, T0 + 20_000);
    assertEquals(T0 + 20_000 - MINUTE, evidence.queryFrom());
    evidence.add(PeriodSeries.empty());
    assertEquals(T0 + 20_000 - MINUTE, evidence.queryFrom(), "an empty answer leaves it");
    evidence.add(series(period(0, 10, 0, 90, 0)));
    assertEquals(T0 + MINUTE, evidence.queryFrom());
    evidence.add(series(period(1, 10, 0, 90, 0), period(2, 10, 0, 90, 0)));
    assertEquals(T0 + 3 * MINUTE, evidence.queryFrom());
    evidence.add(series(period(0, 10, 0, 90, 0)));
    assertEquals(T0 + 3 * MINUTE, evidence.queryFrom(), "an old period does not move it back");
    // Monitoring may leave out a period in which nobody was served: the next one is counted all the same.
    evidence.add(series(period(5, 10, 0, 90, 0)));
    assertEquals(T0 + 6 * MINUTE, evidence.queryFrom());
    assertEquals(4, evidence.periods());
  }

  @Test
  void theBaselineIsTheStableArmSummedOverTheBaselineSeries() {
    PeriodSeries before = series(period(-3, 7, 7, 1000, 5), period(-2, 0, 0, 2000, 10), period(-1, 0, 0, 3000, 15));
    ReleaseEvidence evidence = ReleaseEvidence.start(POLICY, before);
    assertEquals(new ArmCounts(6000, 30, null), evidence.baseline());
    assertEquals(0, evidence.periods(), "the baseline is not part of the release's own evidence");
    assertEquals(ArmCounts.empty(), evidence.stable());
    assertEquals(0, evidence.ratio().errorsStable());

    assertNull(ReleaseEvidence.start(POLICY, null).baseline());
    assertNull(ReleaseEvidence.start(POLICY, PeriodSeries.empty()).baseline());
    assertNull(ReleaseEvidence.start(POLICY, series(period(-1, 100, 0, 0, 0))).baseline(),
        "stable served nothing: no baseline");
  }

  @Test
  void restartedEvidenceKeepsTheBaselineAndWhereReadsStartAndForgetsTheCounts() {
    ReleaseEvidence evidence = ReleaseEvidence.start(POLICY, series(period(-1, 0, 0, 1000, 1)));
    evidence.startStep(0, T0 + 5_000);
    evidence.add(repeat(0, 3, 100, 50, 900, 1));
    ReleaseEvidence fresh = evidence.restarted(POLICY);
    assertEquals(evidence.baseline(), fresh.baseline());
    assertEquals(evidence.queryFrom(), fresh.queryFrom());
    assertEquals(0, fresh.periods());
    assertEquals(ArmCounts.empty(), fresh.candidate());
    assertEquals(0, fresh.ratio().errorsCandidate());
    fresh.add(repeat(2, 4, 100, 0, 900, 0));
    assertEquals(1, fresh.periods(), "period 2 was counted before the restart and stays behind it");
  }

  @Test
  void latencyBucketsAreSummedOnOneLayoutAndDroppedWhenTheLayoutChanges() {
    List<Double> bounds = List.of(10.0, 100.0, 1000.0);
    ReleaseEvidence evidence = started(T0 + 5_000);
    evidence.add(new PeriodSeries(List.of(new MetricPeriod(T0, T0 + MINUTE,
        new ArmCounts(10, 0, new long[] {1, 8, 1}), new ArmCounts(90, 0, new long[] {10, 70, 10}))), bounds));
    evidence.add(new PeriodSeries(List.of(new MetricPeriod(T0 + MINUTE, T0 + 2 * MINUTE,
        new ArmCounts(10, 0, new long[] {0, 5, 5}), new ArmCounts(90, 0, new long[] {0, 80, 10}))), bounds));
    evidence.add(new PeriodSeries(List.of(new MetricPeriod(T0 + 2 * MINUTE, T0 + 3 * MINUTE,
        new ArmCounts(10, 1, new long[] {9, 1}), new ArmCounts(90, 0, new long[] {90}))), List.of(1.0, 2.0)));

    assertEquals(bounds, evidence.latencyBounds());
    assertArrayEquals(new long[] {1, 13, 6}, evidence.candidate().latencyBuckets());
    assertEquals(new ArmCounts(30, 1, new long[] {1, 13, 6}), evidence.candidate(),
        "the third period's requests and 5xx count, its buckets on another layout do not");
    assertEquals(20, evidence.candidate().latencyCount());
  }

  @Test
  void theThresholdWindowIsTheStepsOwnPeriods() {
    ReleaseEvidence evidence = started(T0 + 5_000);
    evidence.add(repeat(0, 2, 100, 5, 900, 1));
    evidence.startStep(1, T0 + 2 * MINUTE + 5_000);
    evidence.add(repeat(2, 5, 300, 3, 700, 7));
    WindowMetrics window = evidence.stepWindow(T0 + 5 * MINUTE + 5_000);
    assertEquals(900, window.candidate().requests());
    assertEquals(9, window.candidate().errors5xx());
    assertEquals(2100, window.stable().requests());
    assertEquals(3, window.candidate().samplePoints());
    assertEquals(T0 + 2 * MINUTE + 5_000, window.startEpochMillis());
    assertEquals(T0 + 5 * MINUTE + 5_000, window.endEpochMillis());
  }

  @Test
  void unhealthyThresholdVerdictsAreCountedInARow() {
    ReleaseEvidence evidence = started(T0);
    assertEquals(1, evidence.noteThresholdVerdict(Health.UNHEALTHY));
    assertEquals(2, evidence.noteThresholdVerdict(Health.UNHEALTHY));
    assertEquals(0, evidence.noteThresholdVerdict(Health.INCONCLUSIVE));
    assertEquals(1, evidence.noteThresholdVerdict(Health.UNHEALTHY));
    assertEquals(0, evidence.noteThresholdVerdict(Health.HEALTHY));
  }
}
