package dev.runshift.activities.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.monitoring.v3.Aggregation;
import com.google.monitoring.v3.ListTimeSeriesRequest;
import com.google.protobuf.util.Timestamps;
import dev.runshift.ports.MetricsQuery;
import dev.runshift.ports.ServiceRef;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunMetricQueriesTest {
  private static final ServiceRef SERVICE = new ServiceRef("p", "europe-west1", "svc");
  private static final long T = Instant.parse("2026-11-23T10:00:00Z").toEpochMilli();

  private static MetricsQuery q(long start, long end) {
    return new MetricsQuery(SERVICE, "c", List.of("s"), start, end);
  }

  private static Optional<List<Long>> whole(long start, long end) {
    return RunMetricQueries.wholePeriods(q(start, end)).map(w -> List.of(w.startEpochMillis(), w.endEpochMillis()));
  }

  @Test
  void wholePeriodsRoundTheStartUpAndTheEndDown() {
    assertEquals(Optional.of(List.of(T, T + 300_000)), whole(T, T + 300_000));
    assertEquals(Optional.of(List.of(T + 60_000, T + 240_000)), whole(T + 1, T + 299_999));
    assertEquals(Optional.of(List.of(T + 60_000, T + 120_000)), whole(T + 20_000, T + 150_000));
    assertEquals(Optional.empty(), whole(T + 1, T + 60_000 + 59_999), "no whole period inside");
    assertEquals(Optional.empty(), whole(T + 10_000, T + 50_000));
  }

  @Test
  void periodQueriesAlignIntoOneBucketPerSamplePeriodOverTheAlignedWindow() {
    MetricsQuery w = RunMetricQueries.wholePeriods(q(T + 5_000, T + 185_000)).orElseThrow();
    ListTimeSeriesRequest counts = RunMetricQueries.periodRequestCounts(w);
    assertEquals(T + 60_000, Timestamps.toMillis(counts.getInterval().getStartTime()));
    assertEquals(T + 180_000, Timestamps.toMillis(counts.getInterval().getEndTime()));
    assertEquals(60, counts.getAggregation().getAlignmentPeriod().getSeconds());
    assertEquals(Aggregation.Aligner.ALIGN_DELTA, counts.getAggregation().getPerSeriesAligner());
    assertEquals(Aggregation.Reducer.REDUCE_SUM, counts.getAggregation().getCrossSeriesReducer());
    assertEquals(List.of("resource.labels.revision_name", "metric.labels.response_code_class"),
        counts.getAggregation().getGroupByFieldsList());
    assertEquals(RunMetricQueries.filter(RunMetricQueries.REQUEST_COUNT, SERVICE), counts.getFilter());

    ListTimeSeriesRequest latencies = RunMetricQueries.periodLatencies(w);
    assertEquals(List.of("resource.labels.revision_name"), latencies.getAggregation().getGroupByFieldsList());
    assertEquals(Aggregation.Reducer.REDUCE_SUM, latencies.getAggregation().getCrossSeriesReducer());
    assertEquals(60, latencies.getAggregation().getAlignmentPeriod().getSeconds());
    assertEquals(RunMetricQueries.filter(RunMetricQueries.REQUEST_LATENCIES, SERVICE), latencies.getFilter());
  }

  @Test
  void periodQueriesRefuseAWindowOffPeriodBoundaries() {
    assertThrows(IllegalArgumentException.class, () -> RunMetricQueries.periodRequestCounts(q(T + 1, T + 60_001)));
    assertThrows(IllegalArgumentException.class, () -> RunMetricQueries.periodLatencies(q(T, T)));
  }
}
