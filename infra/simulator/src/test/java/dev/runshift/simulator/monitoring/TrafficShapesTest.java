package dev.runshift.simulator.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.monitoring.v3.Aggregation;
import com.google.monitoring.v3.ListTimeSeriesRequest;
import com.google.monitoring.v3.TimeInterval;
import com.google.monitoring.v3.TimeSeries;
import dev.runshift.simulator.GoogleClients;
import dev.runshift.simulator.ManualClock;
import dev.runshift.simulator.Simulator;
import dev.runshift.simulator.core.ErrorBurst;
import dev.runshift.simulator.core.ImageBehaviour;
import dev.runshift.simulator.core.RequestRate;
import dev.runshift.simulator.core.SimConfig;
import dev.runshift.simulator.core.Timestamps;
import dev.runshift.simulator.run.CloudRunSim;
import dev.runshift.simulator.run.RateChange;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Request rates that change over time (a daily curve, a step change scheduled ahead), error bursts and
 * per-service image rules, set through the Java control API and read back through the official Monitoring
 * client on a manual clock.
 */
class TrafficShapesTest {
  private static final String COUNT = "run.googleapis.com/request_count";
  private static final String IMAGE = "us-docker.pkg.dev/demo/app/shop@sha256:" + "a".repeat(64);

  private ManualClock clock;
  private Simulator sim;
  private GoogleClients clients;
  private Instant t0;

  @BeforeEach
  void start() {
    clock = ManualClock.atEpochMinute(); // 2026-01-01T00:00:00Z
    sim = Simulator.start(SimConfig.defaults(), clock.simClock());
    clients = new GoogleClients(sim.endpoint());
    t0 = clock.now();
  }

  @AfterEach
  void stop() {
    clients.close();
    sim.close();
  }

  private static String name(String service) {
    return CloudRunSim.serviceName("demo", "us-central1", service);
  }

  /** The service's requests (or 5xx) summed over each window of {@code window} in [from, to), oldest first. */
  private List<Long> counts(String service, Instant from, Instant to, Duration window, boolean errorsOnly) {
    String filter = "metric.type = \"" + COUNT + "\" AND resource.labels.service_name = \"" + service + "\""
        + (errorsOnly ? " AND metric.labels.response_code_class = \"5xx\"" : "");
    ListTimeSeriesRequest request = ListTimeSeriesRequest.newBuilder()
        .setName("projects/demo")
        .setFilter(filter)
        .setInterval(TimeInterval.newBuilder().setStartTime(Timestamps.of(from)).setEndTime(Timestamps.of(to)))
        .setAggregation(Aggregation.newBuilder()
            .setAlignmentPeriod(com.google.protobuf.Duration.newBuilder().setSeconds(window.getSeconds()))
            .setPerSeriesAligner(Aggregation.Aligner.ALIGN_DELTA)
            .setCrossSeriesReducer(Aggregation.Reducer.REDUCE_SUM))
        .build();
    List<TimeSeries> series =
        StreamSupport.stream(clients.metrics.listTimeSeries(request).iterateAll().spliterator(), false).toList();
    if (series.isEmpty()) {
      return List.of();
    }
    assertEquals(1, series.size());
    return series.get(0).getPointsList().stream()
        .sorted(Comparator.comparing(p -> Timestamps.toInstant(p.getInterval().getEndTime())))
        .map(p -> p.getValue().getInt64Value())
        .toList();
  }

  private static void assertPoisson(double expected, long actual, String what) {
    assertTrue(Math.abs(actual - expected) <= 5 * Math.sqrt(expected),
        what + ": expected " + expected + " ± " + 5 * Math.sqrt(expected) + " but was " + actual);
  }

  @Test
  void aDailyCurveRisesToItsPeakAndFallsToItsTrough() {
    sim.cloudRun().createService("demo", "us-central1", "wave", IMAGE);
    sim.cloudRun().setRequestRate(name("wave"), RequestRate.daily(10, 0.9, 15));
    clock.set(t0.plus(Duration.ofDays(1)));
    List<Long> hourly = counts("wave", t0, clock.now(), Duration.ofHours(1), false);
    assertEquals(24, hourly.size());
    ServiceTimeline t = sim.monitoring().timelines("demo").get(0);
    String revision = t.revisionImages().keySet().iterator().next();
    long total = 0;
    for (int h = 0; h < 24; h++) {
      Instant from = t0.plus(Duration.ofHours(h));
      double expected = t.expectedRequests(revision, from, from.plus(Duration.ofHours(1)));
      assertPoisson(expected, hourly.get(h), "hour " + h);
      total += hourly.get(h);
    }
    // 36,000 x 1.9 around 15:00, 36,000 x 0.1 around 03:00
    assertTrue(hourly.get(14) > 60_000 && hourly.get(2) < 6_000, hourly.toString());
    assertPoisson(10 * 86_400, total, "the whole day: the mean rate");
  }

  @Test
  void aStepChangeScheduledAheadTakesEffectAtItsTime() {
    sim.cloudRun().createService("demo", "us-central1", "step", IMAGE);
    sim.cloudRun().setRequestRate(name("step"), 5);
    Instant step = t0.plus(Duration.ofMinutes(10)).plusSeconds(30);
    sim.cloudRun().setRequestRate(name("step"), step, RequestRate.constant(50));
    clock.advance(Duration.ofMinutes(2));
    sim.cloudRun().setRequestRate(name("step"), 8); // from minute 2; the step at 10:30 still applies after it
    assertEquals(List.of(new RateChange(t0, 10), new RateChange(t0, 5), new RateChange(clock.now(), 8),
        new RateChange(step, 50)), sim.cloudRun().rateHistory(name("step")));
    assertThrows(IllegalArgumentException.class,
        () -> sim.cloudRun().setRequestRate(name("step"), t0, RequestRate.constant(1)), "the past is not rewritten");

    clock.set(t0.plus(Duration.ofMinutes(20)));
    List<Long> perMinute = counts("step", t0, clock.now(), Duration.ofMinutes(1), false);
    assertEquals(20, perMinute.size());
    for (int m = 0; m < 20; m++) {
      double rate = m < 2 ? 5 : m < 10 ? 8 : m == 10 ? (8 + 50) / 2.0 : 50;
      assertPoisson(rate * 60, perMinute.get(m), "minute " + m);
    }
  }

  @Test
  void anErrorBurstFailsRequestsInsideItsWindowAndAServiceRuleOnlyOnItsService() {
    sim.cloudRun().createService("demo", "us-central1", "a", IMAGE);
    sim.cloudRun().createService("demo", "us-central1", "b", IMAGE);
    sim.cloudRun().setRequestRate(name("a"), 50);
    sim.cloudRun().setRequestRate(name("b"), 50);
    sim.images().set(IMAGE, ImageBehaviour.healthy().withErrorRate(0));
    sim.images().set(name("b"), IMAGE, ImageBehaviour.healthy().withErrorRate(0.1));
    sim.images().addErrorBurst(ErrorBurst.ofService(name("a"), t0.plus(Duration.ofMinutes(5)),
        t0.plus(Duration.ofMinutes(8)), 0.5));
    clock.set(t0.plus(Duration.ofMinutes(12)));

    List<Long> aRequests = counts("a", t0, clock.now(), Duration.ofMinutes(1), false);
    List<Long> aErrors = counts("a", t0, clock.now(), Duration.ofMinutes(1), true);
    assertEquals(3, aErrors.size(), "5xx only in the burst's three minutes: " + aErrors);
    for (int i = 0; i < 3; i++) {
      long n = aRequests.get(5 + i);
      assertTrue(Math.abs(aErrors.get(i) - 0.5 * n) <= 5 * Math.sqrt(n * 0.25), aErrors.get(i) + " of " + n);
    }
    long bRequests = counts("b", t0, clock.now(), Duration.ofMinutes(12), false).get(0);
    long bErrors = counts("b", t0, clock.now(), Duration.ofMinutes(12), true).get(0);
    assertTrue(Math.abs(bErrors - 0.1 * bRequests) <= 5 * Math.sqrt(bRequests * 0.09), bErrors + " of " + bRequests);
  }
}
