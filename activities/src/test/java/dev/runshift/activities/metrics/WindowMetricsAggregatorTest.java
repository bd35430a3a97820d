package dev.runshift.activities.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.api.Metric;
import com.google.api.MonitoredResource;
import com.google.monitoring.v3.Point;
import com.google.monitoring.v3.TimeSeries;
import com.google.monitoring.v3.TypedValue;
import dev.runshift.ports.RevisionMetrics;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowMetricsAggregatorTest {

  private static TimeSeries counts(String revision, String codeClass, long... values) {
    TimeSeries.Builder ts = TimeSeries.newBuilder()
        .setResource(MonitoredResource.newBuilder().setType("cloud_run_revision").putLabels("revision_name", revision))
        .setMetric(Metric.newBuilder().setType(RunMetricQueries.REQUEST_COUNT).putLabels("response_code_class", codeClass));
    for (long v : values) {
      ts.addPoints(Point.newBuilder().setValue(TypedValue.newBuilder().setInt64Value(v)));
    }
    return ts.build();
  }

  private static TimeSeries latency(String revision, double value) {
    return TimeSeries.newBuilder()
        .setResource(MonitoredResource.newBuilder().putLabels("revision_name", revision))
        .addPoints(Point.newBuilder().setValue(TypedValue.newBuilder().setDoubleValue(value)))
        .build();
  }

  @Test
  void candidateCountsSumAllClassesAndErrorsAre5xxOnly() {
    WindowMetricsAggregator agg = new WindowMetricsAggregator()
        .addCounts(List.of(counts("c", "2xx", 90, 5), counts("c", "5xx", 3), counts("c", "4xx", 2),
            counts("s", "2xx", 1000)))
        .addLatencies(0, List.of(latency("c", 40)))
        .addLatencies(2, List.of(latency("c", 200)));
    RevisionMetrics c = agg.revision("c");
    assertEquals(100, c.requests());
    assertEquals(3, c.errors5xx());
    assertEquals(4, c.samplePoints());
    assertEquals(40.0, c.p50Ms());
    assertNull(c.p95Ms());
    assertEquals(200.0, c.p99Ms());
  }

  @Test
  void baselineSumsStableRevisionsAndWeighsTheirPercentilesByRequests() {
    WindowMetricsAggregator agg = new WindowMetricsAggregator()
        .addCounts(List.of(counts("a", "2xx", 300), counts("b", "2xx", 99), counts("b", "5xx", 1),
            counts("c", "2xx", 10)))
        .addLatencies(0, List.of(latency("a", 10), latency("b", 50), latency("c", 1000)));
    RevisionMetrics s = agg.baseline(List.of("a", "b"));
    assertEquals(400, s.requests());
    assertEquals(1, s.errors5xx());
    assertEquals(3, s.samplePoints());
    assertEquals((10.0 * 300 + 50.0 * 100) / 400, s.p50Ms(), 1e-9);
  }

  @Test
  void noTrafficIsZerosWithNullLatencies() {
    WindowMetricsAggregator agg = new WindowMetricsAggregator().addCounts(List.of());
    assertEquals(RevisionMetrics.empty(), agg.revision("c"));
    assertEquals(RevisionMetrics.empty(), agg.baseline(List.of("a")));
    assertFalse(agg.anyRequests(List.of("a", "c")));
  }
}
