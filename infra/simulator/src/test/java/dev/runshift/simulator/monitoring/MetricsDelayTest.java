package dev.runshift.simulator.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.monitoring.v3.ListTimeSeriesRequest;
import com.google.monitoring.v3.TimeInterval;
import com.google.monitoring.v3.TimeSeries;
import dev.runshift.simulator.GoogleClients;
import dev.runshift.simulator.ManualClock;
import dev.runshift.simulator.Simulator;
import dev.runshift.simulator.core.SimConfig;
import dev.runshift.simulator.core.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** Points become visible only once they are {@code metricsDelay} old, as Cloud Run's metrics lag. */
class MetricsDelayTest {

  @Test
  void pointsAppearAfterTheDelay() {
    ManualClock clock = ManualClock.atEpochMinute();
    SimConfig config = SimConfig.defaults().withMetricsDelay(Duration.ofMinutes(3)).withSamplePeriod(Duration.ofSeconds(30));
    try (Simulator sim = Simulator.start(config, clock.simClock());
        GoogleClients clients = new GoogleClients(sim.endpoint())) {
      Instant t0 = clock.now();
      sim.cloudRun().createService("demo", "us-central1", "lag", "img:v1");
      clock.advance(Duration.ofMinutes(10));
      ListTimeSeriesRequest request = ListTimeSeriesRequest.newBuilder()
          .setName("projects/demo")
          .setFilter("metric.type=\"run.googleapis.com/request_count\"AND resource.labels.service_name=\"lag\""
              + " AND metric.labels.response_code_class = \"2xx\"")
          .setInterval(TimeInterval.newBuilder().setStartTime(Timestamps.of(t0)).setEndTime(Timestamps.of(clock.now())))
          .build();
      List<TimeSeries> series = list(clients, request);
      assertEquals(1, series.size());
      assertEquals(14, series.get(0).getPointsCount(), "7 minutes of 30 s periods are visible");
      assertEquals(clock.now().minus(Duration.ofMinutes(3)),
          Timestamps.toInstant(series.get(0).getPoints(0).getInterval().getEndTime()));
      clock.advance(Duration.ofMinutes(3));
      assertEquals(20, list(clients, request).get(0).getPointsCount(), "all 10 minutes, once old enough");
    }
  }

  private static List<TimeSeries> list(GoogleClients clients, ListTimeSeriesRequest request) {
    return StreamSupport.stream(clients.metrics.listTimeSeries(request).iterateAll().spliterator(), false).toList();
  }
}
