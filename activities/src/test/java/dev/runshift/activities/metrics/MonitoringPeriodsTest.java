package dev.runshift.activities.metrics;

import static dev.runshift.activities.SimulatorFixture.SERVICE;
import static dev.runshift.activities.SimulatorFixture.applicationFailure;
import static dev.runshift.activities.SimulatorFixture.image;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.monitoring.v3.ListTimeSeriesRequest;
import com.google.monitoring.v3.Point;
import com.google.monitoring.v3.TimeInterval;
import com.google.monitoring.v3.TimeSeries;
import com.google.protobuf.util.Timestamps;
import dev.runshift.activities.SimulatorFixture;
import dev.runshift.activities.run.CloudRunActivities;
import dev.runshift.activities.run.TrafficMapper;
import dev.runshift.ports.ArmCounts;
import dev.runshift.ports.CloudRun;
import dev.runshift.ports.DeployRequest;
import dev.runshift.ports.FailureTypes;
import dev.runshift.ports.MetricPeriod;
import dev.runshift.ports.MetricsQuery;
import dev.runshift.ports.MetricsSource;
import dev.runshift.ports.PeriodSeries;
import dev.runshift.ports.ShiftRequest;
import dev.runshift.release.RevisionNames;
import dev.runshift.simulator.core.ImageBehaviour;
import dev.runshift.simulator.core.SimConfig;
import dev.runshift.traffic.TrafficMap;
import dev.runshift.traffic.TrafficTarget;
import io.grpc.Status;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link MonitoringActivities#readPeriods} through the official Monitoring client against the simulator,
 * on a manual clock. Expected periods are never hard-coded numbers: they are what the simulator's own
 * raw series (a plain ListTimeSeries, no aggregation) hold for the same whole periods, summed per arm.
 */
class MonitoringPeriodsTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private static final long MINUTE = 60_000;
  private static final String RELEASE = "periods-release";
  private static final String CANDIDATE = RevisionNames.candidate(SERVICE.service(), RELEASE);
  private static final String STABLE_IMAGE = image("stable");
  private static final String BAD_IMAGE = image("ten-percent-errors");

  private final AtomicLong now = new AtomicLong(T0.toEpochMilli());
  private SimulatorFixture f;
  private TestActivityEnvironment env;
  private CloudRun run;
  private MetricsSource metrics;
  private String stable;

  private void start(Duration metricsDelay) {
    SimConfig config = SimConfig.defaults()
        .withRevisionReadyDelay(Duration.ZERO)
        .withDefaultRequestRate(10.0)
        .withMetricsDelay(metricsDelay);
    f = new SimulatorFixture(config, () -> Instant.ofEpochMilli(now.get()));
    stable = TrafficMapper.shortName(f.sim.cloudRun()
        .createService(SERVICE.project(), SERVICE.region(), SERVICE.service(), STABLE_IMAGE)
        .getLatestReadyRevision());
    f.sim.images().set(BAD_IMAGE, ImageBehaviour.healthy().withErrorRate(0.10).withLatency(80, 400));
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new CloudRunActivities(f.clients), new MonitoringActivities(f.clients));
    ActivityOptions options = ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build();
    run = env.newActivityStub(CloudRun.class, options);
    metrics = env.newActivityStub(MetricsSource.class, options);
  }

  @AfterEach
  void stop() {
    if (env != null) {
      env.close();
    }
    if (f != null) {
      f.close();
    }
  }

  private static long at(int minutes) {
    return T0.toEpochMilli() + minutes * MINUTE;
  }

  private static long at(int minutes, int seconds) {
    return at(minutes) + seconds * 1000L;
  }

  private void setNow(long millis) {
    now.set(millis);
  }

  /** Deploys BAD_IMAGE as the candidate at minute 1 and shifts it to {@code percent} at minute 2. */
  private void rollOutTo(int percent) {
    setNow(at(1));
    run.deployNoTraffic(new DeployRequest(SERVICE, RELEASE, BAD_IMAGE, CANDIDATE, "candidate"));
    setNow(at(2));
    TrafficMap zero = TrafficMap.of(TrafficTarget.revision(stable, 100), TrafficTarget.tagged(CANDIDATE, 0, "candidate"));
    TrafficMap next = TrafficMap.of(
        TrafficTarget.revision(stable, 100 - percent), TrafficTarget.tagged(CANDIDATE, percent, "candidate"));
    run.shiftTraffic(new ShiftRequest(SERVICE, zero, next));
  }

  private MetricsQuery query(List<String> stableRevisions, long start, long end) {
    return new MetricsQuery(SERVICE, CANDIDATE, stableRevisions, start, end);
  }

  private int listCalls() {
    return f.calls("ListTimeSeries").size();
  }

  /** readPeriods, and how many ListTimeSeries calls it made. */
  private record Read(PeriodSeries series, int calls) {}

  private Read readPeriods(MetricsQuery q) {
    int before = listCalls();
    PeriodSeries s = metrics.readPeriods(q);
    return new Read(s, listCalls() - before);
  }

  // ---- the simulator's own raw data -------------------------------------------------------------

  /** Every raw point (no aggregation) of {@code metricType} in {@code [start, end]}. */
  private List<TimeSeries> rawSeries(String metricType, long start, long end) {
    ListTimeSeriesRequest request = ListTimeSeriesRequest.newBuilder()
        .setName("projects/" + SERVICE.project())
        .setFilter(RunMetricQueries.filter(metricType, SERVICE))
        .setInterval(TimeInterval.newBuilder()
            .setStartTime(Timestamps.fromMillis(start)).setEndTime(Timestamps.fromMillis(end)))
        .setView(ListTimeSeriesRequest.TimeSeriesView.FULL)
        .build();
    List<TimeSeries> out = new ArrayList<>();
    f.clients.metrics().listTimeSeries(request).iterateAll().forEach(out::add);
    return out;
  }

  /** Revision to period end to what it served then, from the raw request_count and request_latencies. */
  private Map<String, Map<Long, ArmCounts>> raw(long start, long end) {
    Map<String, Map<Long, ArmCounts>> out = new HashMap<>();
    for (TimeSeries ts : rawSeries(RunMetricQueries.REQUEST_COUNT, start, end)) {
      boolean is5xx = "5xx".equals(ts.getMetric().getLabelsMap().get("response_code_class"));
      for (Point p : ts.getPointsList()) {
        long n = p.getValue().getInt64Value();
        add(out, ts, p, new ArmCounts(n, is5xx ? n : 0, null));
      }
    }
    for (TimeSeries ts : rawSeries(RunMetricQueries.REQUEST_LATENCIES, start, end)) {
      for (Point p : ts.getPointsList()) {
        long[] buckets = p.getValue().getDistributionValue().getBucketCountsList().stream()
            .mapToLong(Long::longValue).toArray();
        add(out, ts, p, new ArmCounts(0, 0, buckets));
      }
    }
    return out;
  }

  private static void add(Map<String, Map<Long, ArmCounts>> out, TimeSeries ts, Point p, ArmCounts counts) {
    assertEquals(MINUTE, Timestamps.toMillis(p.getInterval().getEndTime())
        - Timestamps.toMillis(p.getInterval().getStartTime()), "the simulator samples every 60 s");
    out.computeIfAbsent(ts.getResource().getLabelsMap().get("revision_name"), k -> new TreeMap<>())
        .merge(Timestamps.toMillis(p.getInterval().getEndTime()), counts, ArmCounts::plus);
  }

  /**
   * The periods readPeriods should return for the whole periods in {@code [start, end]}: from the raw
   * data, the candidate and the stable revisions summed, periods where either served, oldest first.
   */
  private List<MetricPeriod> expected(long start, long end, List<String> stableRevisions) {
    Map<String, Map<Long, ArmCounts>> raw = raw(start, end);
    TreeSet<Long> ends = new TreeSet<>();
    raw.values().forEach(m -> ends.addAll(m.keySet()));
    List<MetricPeriod> out = new ArrayList<>();
    for (long e : ends) {
      ArmCounts candidate = raw.getOrDefault(CANDIDATE, Map.of()).getOrDefault(e, ArmCounts.empty());
      ArmCounts stableSum = ArmCounts.empty();
      for (String s : stableRevisions) {
        stableSum = stableSum.plus(raw.getOrDefault(s, Map.of()).getOrDefault(e, ArmCounts.empty()));
      }
      if (candidate.requests() > 0 || stableSum.requests() > 0) {
        out.add(new MetricPeriod(e - MINUTE, e, candidate, stableSum));
      }
    }
    return out;
  }

  private static List<Long> ends(List<MetricPeriod> periods) {
    return periods.stream().map(MetricPeriod::endEpochMillis).toList();
  }

  // ---- tests ------------------------------------------------------------------------------------

  @Test
  void eachWholePeriodOfTheWindowHoldsWhatTheSimulatorReportsForIt() {
    start(Duration.ZERO);
    rollOutTo(10);
    setNow(at(7, 20));

    // Neither bound is on a minute: [2:15, 7:20) holds the whole periods [3, 4) .. [6, 7).
    Read r = readPeriods(query(List.of(stable), at(2, 15), at(7, 20)));

    assertEquals(List.of(at(4), at(5), at(6), at(7)), ends(r.series().periods()),
        "only the periods wholly inside the window, oldest first");
    assertEquals(expected(at(3), at(7), List.of(stable)), r.series().periods());
    for (MetricPeriod p : r.series().periods()) {
      assertEquals(MINUTE, p.endEpochMillis() - p.startEpochMillis());
      assertTrue(p.candidate().requests() > 0 && p.candidate().errors5xx() > 0, "" + p);
      assertTrue(p.stable().requests() > p.candidate().requests(), "" + p);
    }
    assertEquals(2, r.calls(), "one call for counts, one for latencies");
  }

  @Test
  void stableRevisionsAreSummedAndRevisionsNotInTheQueryIgnored() {
    start(Duration.ZERO);
    String slowImage = image("slow-stable");
    f.sim.images().set(slowImage, ImageBehaviour.healthy().withLatency(100, 500));
    String slow = RevisionNames.candidate(SERVICE.service(), "earlier");
    run.deployNoTraffic(new DeployRequest(SERVICE, "earlier", slowImage, slow, "earlier"));
    setNow(at(1));
    run.deployNoTraffic(new DeployRequest(SERVICE, RELEASE, BAD_IMAGE, CANDIDATE, "candidate"));
    f.sim.cloudRun().updateTrafficOutOfBand(SERVICE.resourceName(), Map.of(stable, 50, slow, 30, CANDIDATE, 20));
    setNow(at(6));

    PeriodSeries both = metrics.readPeriods(query(List.of(stable, slow), at(1), at(6)));
    PeriodSeries one = metrics.readPeriods(query(List.of(stable), at(1), at(6)));

    assertEquals(5, both.periods().size());
    assertEquals(expected(at(1), at(6), List.of(stable, slow)), both.periods());
    assertEquals(expected(at(1), at(6), List.of(stable)), one.periods());
    Map<String, Map<Long, ArmCounts>> raw = raw(at(1), at(6));
    for (int i = 0; i < 5; i++) {
      long end = both.periods().get(i).endEpochMillis();
      long slowRequests = raw.get(slow).get(end).requests();
      assertTrue(slowRequests > 0, "the second stable revision served in every period");
      assertEquals(both.periods().get(i).stable().requests(), one.periods().get(i).stable().requests() + slowRequests);
      assertEquals(both.periods().get(i).candidate(), one.periods().get(i).candidate());
    }
  }

  @Test
  void latencyBucketsSumToTheRequestsOnCloudRunsExponentialLayout() {
    start(Duration.ZERO);
    rollOutTo(10);
    setNow(at(6));

    PeriodSeries s = metrics.readPeriods(query(List.of(stable), at(2), at(6)));

    List<Double> bounds = s.latencyBounds();
    assertEquals(101, bounds.size(), "scale 1, growth 1.4, 100 finite buckets");
    for (int i = 0; i < bounds.size(); i++) {
      assertEquals(Math.pow(1.4, i), bounds.get(i), 1e-12 * Math.pow(1.4, i), "bound " + i);
    }
    assertEquals(4, s.periods().size());
    for (MetricPeriod p : s.periods()) {
      assertEquals(p.candidate().requests(), p.candidate().latencyCount(), "candidate 2xx and 5xx together: " + p);
      assertEquals(p.stable().requests(), p.stable().latencyCount(), "" + p);
      assertTrue(p.candidate().latencyBuckets().length <= bounds.size() + 1);
    }
    // the buckets themselves are the raw distributions' (expected() compares them bucket by bucket)
    assertEquals(expected(at(2), at(6), List.of(stable)), s.periods());
  }

  @Test
  void periodsAppearOnceVisibleAndConsecutiveReadsCountEachPeriodExactlyOnce() {
    start(Duration.ofMinutes(3));
    rollOutTo(20);
    List<String> stables = List.of(stable);

    // At 7:25 with a 3-minute delay, Monitoring shows the periods that ended by 4:25.
    setNow(at(7, 25));
    Read first = readPeriods(query(stables, at(2), at(7, 25)));
    assertEquals(List.of(at(3), at(4)), ends(first.series().periods()));

    // The next read starts where the newest period it got ends, and so on.
    setNow(at(9, 40));
    long b = first.series().endOr(at(2));
    assertEquals(at(4), b);
    Read second = readPeriods(query(stables, b, at(9, 40)));
    assertEquals(List.of(at(5), at(6)), ends(second.series().periods()));

    setNow(at(14));
    long c = second.series().endOr(b);
    Read third = readPeriods(query(stables, c, at(14)));
    assertEquals(List.of(at(7), at(8), at(9), at(10), at(11)), ends(third.series().periods()));

    List<MetricPeriod> all = new ArrayList<>(first.series().periods());
    all.addAll(second.series().periods());
    all.addAll(third.series().periods());
    assertEquals(all.size(), new HashSet<>(ends(all)).size(), "no period twice");
    for (int i = 1; i < all.size(); i++) {
      assertEquals(all.get(i - 1).endEpochMillis(), all.get(i).startEpochMillis(), "no period left out");
    }
    // Now everything up to 11:00 is visible: the three reads hold exactly what it holds.
    assertEquals(expected(at(2), at(11), stables), all);

    // A read that finds nothing new visible yet returns nothing and its end stays where it was.
    Read fourth = readPeriods(query(stables, third.series().endOr(c), at(14)));
    assertTrue(fourth.series().periods().isEmpty());
    assertEquals(at(11), fourth.series().endOr(at(11)));
    assertEquals(1, fourth.calls(), "no latency query when nothing was served in the visible periods");
  }

  @Test
  void periodsWithoutRequestsForEitherArmAreLeftOutAndCostNoLatencyQuery() {
    start(Duration.ZERO);
    rollOutTo(10);
    setNow(at(4));
    f.sim.cloudRun().setRequestRate(SERVICE.resourceName(), 0);
    setNow(at(6));
    f.sim.cloudRun().setRequestRate(SERVICE.resourceName(), 10);
    setNow(at(8));

    Read all = readPeriods(query(List.of(stable), at(2), at(8)));
    assertEquals(List.of(at(3), at(4), at(7), at(8)), ends(all.series().periods()));
    assertEquals(expected(at(2), at(8), List.of(stable)), all.series().periods());

    Read quiet = readPeriods(query(List.of(stable), at(4), at(6)));
    assertEquals(PeriodSeries.empty(), quiet.series());
    assertEquals(1, quiet.calls());

    // Requests only to revisions the query does not name are nothing either.
    Read others = readPeriods(new MetricsQuery(SERVICE, "checkout-unknown", List.of("checkout-gone"), at(2), at(8)));
    assertEquals(PeriodSeries.empty(), others.series());
    assertEquals(1, others.calls());
  }

  @Test
  void aWindowHoldingNoWholePeriodCostsNoCall() {
    start(Duration.ZERO);
    rollOutTo(10);
    setNow(at(6));

    Read inside = readPeriods(query(List.of(stable), at(3, 10), at(3, 50)));
    Read straddling = readPeriods(query(List.of(stable), at(3, 10), at(4, 50)));

    assertEquals(PeriodSeries.empty(), inside.series());
    assertEquals(PeriodSeries.empty(), straddling.series());
    assertEquals(0, inside.calls() + straddling.calls());
  }

  @Test
  void aWindowThatEndsBeforeItStartsIsInvalidAndCostsNoCall() {
    start(Duration.ZERO);
    setNow(at(6));
    int before = listCalls();

    ApplicationFailure e = applicationFailure(assertThrows(ActivityFailure.class,
        () -> metrics.readPeriods(query(List.of(stable), at(5), at(5)))));

    assertEquals(FailureTypes.INVALID_ARGUMENT, e.getType());
    assertTrue(e.isNonRetryable());
    assertEquals(before, listCalls());
  }

  @Test
  void monitoringErrorsAreClassifiedAsReadClassifiesThem() {
    start(Duration.ZERO);
    rollOutTo(10);
    setNow(at(5));
    MetricsQuery q = query(List.of(stable), at(2), at(5));

    // (not UNAVAILABLE: the Monitoring client itself retries that one, so a single fault never surfaces)
    for (Status.Code code : List.of(Status.Code.PERMISSION_DENIED, Status.Code.INTERNAL, Status.Code.INVALID_ARGUMENT)) {
      f.sim.faults().failNext("ListTimeSeries", 1, code, "injected " + code);
      ApplicationFailure viaRead = applicationFailure(assertThrows(ActivityFailure.class, () -> metrics.read(q)));
      f.sim.faults().failNext("ListTimeSeries", 1, code, "injected " + code);
      ApplicationFailure viaPeriods = applicationFailure(assertThrows(ActivityFailure.class, () -> metrics.readPeriods(q)));

      assertEquals(viaRead.getType(), viaPeriods.getType(), code.name());
      assertEquals(viaRead.isNonRetryable(), viaPeriods.isNonRetryable(), code.name());
      assertEquals(viaRead.getOriginalMessage(), viaPeriods.getOriginalMessage(), code.name());
    }
    f.sim.faults().failNext("ListTimeSeries", 1, Status.Code.PERMISSION_DENIED,
        "Permission monitoring.timeSeries.list denied (or the resource may not exist).");
    ApplicationFailure denied = applicationFailure(assertThrows(ActivityFailure.class, () -> metrics.readPeriods(q)));
    assertEquals(FailureTypes.PERMISSION_DENIED, denied.getType());
    assertTrue(denied.isNonRetryable());
    assertTrue(denied.getOriginalMessage().contains(
        "Grant roles/monitoring.viewer (monitoring.timeSeries.list) on projects/shop-prod to the verify worker's"),
        denied.getOriginalMessage());
    assertFalse(metrics.readPeriods(q).periods().isEmpty(), "the faults were used up; the read succeeds again");
  }
}
