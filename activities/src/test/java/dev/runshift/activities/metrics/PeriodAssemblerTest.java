package dev.runshift.activities.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.Distribution;
import com.google.api.Distribution.BucketOptions;
import com.google.api.Metric;
import com.google.api.MonitoredResource;
import com.google.monitoring.v3.Point;
import com.google.monitoring.v3.TimeInterval;
import com.google.monitoring.v3.TimeSeries;
import com.google.monitoring.v3.TypedValue;
import com.google.protobuf.util.Timestamps;
import dev.runshift.ports.ArmCounts;
import dev.runshift.ports.MetricPeriod;
import dev.runshift.ports.PeriodSeries;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeriodAssemblerTest {
  private static final long MINUTE = 60_000;
  /** Minute 0 of the tests; the window is minutes [0, 5). */
  private static final long T0 = 1_790_000_000_000L / MINUTE * MINUTE;
  private static final BucketOptions EXP = BucketOptions.newBuilder()
      .setExponentialBuckets(BucketOptions.Exponential.newBuilder().setNumFiniteBuckets(3).setGrowthFactor(2).setScale(1))
      .build();
  private static final BucketOptions LIN = BucketOptions.newBuilder()
      .setLinearBuckets(BucketOptions.Linear.newBuilder().setNumFiniteBuckets(3).setWidth(2).setOffset(1))
      .build();

  private static PeriodAssembler assembler() {
    return new PeriodAssembler("cand", List.of("s1", "s2"), T0, T0 + 5 * MINUTE, MINUTE);
  }

  /** A point for the period ending at minute {@code endMinute}, as ALIGN_DELTA reports it. */
  private static Point point(int endMinute, TypedValue value) {
    long end = T0 + endMinute * MINUTE;
    return Point.newBuilder()
        .setInterval(TimeInterval.newBuilder()
            .setStartTime(Timestamps.fromMillis(end - MINUTE)).setEndTime(Timestamps.fromMillis(end)))
        .setValue(value)
        .build();
  }

  /** A count series; {@code minuteValue} alternates period-end minute and count. Newest first, as Monitoring. */
  private static TimeSeries counts(String revision, String codeClass, long... minuteValue) {
    TimeSeries.Builder ts = TimeSeries.newBuilder()
        .setResource(MonitoredResource.newBuilder().setType("cloud_run_revision").putLabels("revision_name", revision))
        .setMetric(Metric.newBuilder().setType(RunMetricQueries.REQUEST_COUNT).putLabels("response_code_class", codeClass));
    for (int i = minuteValue.length - 2; i >= 0; i -= 2) {
      ts.addPoints(point((int) minuteValue[i], TypedValue.newBuilder().setInt64Value(minuteValue[i + 1]).build()));
    }
    return ts.build();
  }

  private static TimeSeries latencies(String revision, int endMinute, BucketOptions options, long... buckets) {
    Distribution.Builder d = Distribution.newBuilder().setBucketOptions(options);
    long n = 0;
    for (long b : buckets) {
      d.addBucketCounts(b);
      n += b;
    }
    d.setCount(n);
    return TimeSeries.newBuilder()
        .setResource(MonitoredResource.newBuilder().putLabels("revision_name", revision))
        .setMetric(Metric.newBuilder().setType(RunMetricQueries.REQUEST_LATENCIES))
        .addPoints(point(endMinute, TypedValue.newBuilder().setDistributionValue(d).build()))
        .build();
  }

  private static MetricPeriod period(PeriodSeries s, int endMinute) {
    return s.periods().stream().filter(p -> p.endEpochMillis() == T0 + endMinute * MINUTE).findFirst()
        .orElseThrow(() -> new AssertionError("no period ending at minute " + endMinute + " in " + s.periods()));
  }

  @Test
  void perPeriodCandidateAndSummedStableOldestFirstOthersIgnored() {
    PeriodSeries s = assembler()
        .addCounts(List.of(
            counts("cand", "2xx", 1, 9, 2, 18),
            counts("cand", "5xx", 2, 2),
            counts("cand", "4xx", 1, 1),
            counts("s1", "2xx", 1, 100, 2, 90),
            counts("s2", "2xx", 2, 10),
            counts("s2", "5xx", 2, 1),
            counts("other", "2xx", 1, 1000, 3, 1000)))
        .series();

    assertEquals(List.of(T0, T0 + MINUTE), s.periods().stream().map(MetricPeriod::startEpochMillis).toList(),
        "minute 3 had only another revision's requests");
    assertEquals(new ArmCounts(10, 0, null), period(s, 1).candidate());
    assertEquals(new ArmCounts(100, 0, null), period(s, 1).stable());
    assertEquals(new ArmCounts(20, 2, null), period(s, 2).candidate());
    assertEquals(new ArmCounts(101, 1, null), period(s, 2).stable());
    assertEquals(List.of(), s.latencyBounds());
  }

  @Test
  void pointsOfPeriodsNotWhollyInTheWindowOrOffItsBoundariesAreIgnored() {
    TimeSeries ts = counts("cand", "2xx", 0, 7, 1, 1, 5, 5, 6, 7).toBuilder()
        .addPoints(Point.newBuilder()
            .setInterval(TimeInterval.newBuilder().setEndTime(Timestamps.fromMillis(T0 + 2 * MINUTE + 30_000)))
            .setValue(TypedValue.newBuilder().setInt64Value(99)))
        .build();
    PeriodSeries s = assembler().addCounts(List.of(ts)).series();
    assertEquals(List.of(T0 + MINUTE, T0 + 5 * MINUTE), s.periods().stream().map(MetricPeriod::endEpochMillis).toList());
    assertEquals(1, period(s, 1).candidate().requests());
    assertEquals(5, period(s, 5).candidate().requests());
  }

  @Test
  void anyRequestsOnlyCountsRevisionsOfInterestInTheWindow() {
    assertFalse(assembler().addCounts(List.of()).anyRequests());
    assertFalse(assembler().addCounts(List.of(counts("other", "2xx", 1, 50), counts("cand", "2xx", 9, 5))).anyRequests());
    assertTrue(assembler().addCounts(List.of(counts("s2", "5xx", 4, 1))).anyRequests());
  }

  @Test
  void latencyBucketsArePerArmAndPeriodWithTheLayoutsBounds() {
    PeriodSeries s = assembler()
        .addCounts(List.of(counts("cand", "2xx", 1, 3), counts("s1", "2xx", 1, 4), counts("s2", "2xx", 1, 2)))
        .addLatencies(List.of(
            latencies("cand", 1, EXP, 0, 1, 2),
            latencies("s1", 1, EXP, 1, 0, 0, 2, 1),
            latencies("s2", 1, EXP, 0, 2),
            latencies("other", 1, LIN, 5),
            latencies("cand", 3, EXP, 4)))
        .series();

    assertEquals(List.of(1.0, 2.0, 4.0, 8.0), s.latencyBounds());
    assertEquals(1, s.periods().size(), "minute 3 had latency but no counted request");
    MetricPeriod p = period(s, 1);
    assertArrayEquals(new long[] {0, 1, 2}, p.candidate().latencyBuckets());
    assertArrayEquals(new long[] {1, 2, 0, 2, 1}, p.stable().latencyBuckets());
    assertEquals(p.candidate().requests(), p.candidate().latencyCount());
    assertEquals(p.stable().requests(), p.stable().latencyCount());
  }

  @Test
  void differentLayoutsDropLatencyForTheAnswerButKeepCounts() {
    PeriodAssembler a = assembler()
        .addCounts(List.of(counts("cand", "2xx", 1, 3, 2, 3), counts("s1", "2xx", 1, 4)))
        .addLatencies(List.of(latencies("cand", 1, EXP, 0, 3), latencies("cand", 2, LIN, 3), latencies("s1", 1, EXP, 4)));
    PeriodSeries s = a.series();

    assertTrue(a.latencyProblem().orElseThrow().contains("different bucket layouts"), a.latencyProblem().get());
    assertTrue(a.latencyProblem().get().contains("exponential(3 finite") && a.latencyProblem().get().contains("linear(3 finite"),
        a.latencyProblem().get());
    assertEquals(List.of(), s.latencyBounds());
    assertEquals(new ArmCounts(3, 0, null), period(s, 1).candidate());
    assertEquals(new ArmCounts(4, 0, null), period(s, 1).stable());
    assertEquals(new ArmCounts(3, 0, null), period(s, 2).candidate());
  }

  @Test
  void moreBucketCountsThanTheLayoutHasBucketsDropsLatency() {
    PeriodAssembler a = assembler()
        .addCounts(List.of(counts("cand", "2xx", 1, 6)))
        .addLatencies(List.of(latencies("cand", 1, EXP, 1, 1, 1, 1, 1, 1)));
    assertTrue(a.latencyProblem().orElseThrow().contains("6 bucket counts"), a.latencyProblem().get());
    assertEquals(List.of(), a.series().latencyBounds());
    assertEquals(0, period(a.series(), 1).candidate().latencyCount());
  }

  @Test
  void aDistributionWithoutHistogramAddsNoBuckets() {
    PeriodAssembler a = assembler()
        .addCounts(List.of(counts("cand", "2xx", 1, 2), counts("s1", "2xx", 1, 2)))
        .addLatencies(List.of(latencies("cand", 1, BucketOptions.getDefaultInstance()), latencies("s1", 1, EXP, 0, 2)));
    PeriodSeries s = a.series();
    assertTrue(a.latencyProblem().isEmpty());
    assertEquals(List.of(1.0, 2.0, 4.0, 8.0), s.latencyBounds());
    assertEquals(0, period(s, 1).candidate().latencyCount());
    assertEquals(2, period(s, 1).stable().latencyCount());
  }

  @Test
  void theCandidateWinsWhenAlsoListedAsStable() {
    PeriodSeries s = new PeriodAssembler("cand", List.of("cand", "s1"), T0, T0 + 5 * MINUTE, MINUTE)
        .addCounts(List.of(counts("cand", "2xx", 1, 3), counts("s1", "2xx", 1, 4)))
        .series();
    assertEquals(3, period(s, 1).candidate().requests());
    assertEquals(4, period(s, 1).stable().requests());
  }
}
