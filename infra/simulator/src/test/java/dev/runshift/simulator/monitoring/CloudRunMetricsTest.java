package dev.runshift.simulator.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.MetricDescriptor.MetricKind;
import com.google.api.MetricDescriptor.ValueType;
import com.google.api.gax.rpc.InvalidArgumentException;
import com.google.cloud.run.v2.Container;
import com.google.cloud.run.v2.RevisionTemplate;
import com.google.cloud.run.v2.Service;
import com.google.cloud.run.v2.TrafficTarget;
import com.google.cloud.run.v2.TrafficTargetAllocationType;
import com.google.cloud.run.v2.UpdateServiceRequest;
import com.google.monitoring.v3.Aggregation;
import com.google.monitoring.v3.ListTimeSeriesRequest;
import com.google.monitoring.v3.Point;
import com.google.monitoring.v3.TimeInterval;
import com.google.monitoring.v3.TimeSeries;
import dev.runshift.simulator.GoogleClients;
import dev.runshift.simulator.ManualClock;
import dev.runshift.simulator.Simulator;
import dev.runshift.simulator.core.ImageBehaviour;
import dev.runshift.simulator.core.SimConfig;
import dev.runshift.simulator.core.Timestamps;
import dev.runshift.simulator.run.CloudRunSim;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cloud Run request metrics read through the official Monitoring client for a scripted traffic history
 * (20 rps; stable 100% until T1, 90/10 until T2, 50/50 until T3): every number is exactly what
 * {@link RequestModel#sample} gives for its periods, and lies within 5 standard deviations of what the model's
 * distributions (Poisson requests, binomial 5xx, multinomial latency buckets) expect.
 */
class CloudRunMetricsTest {
  private static final double RPS = 20;
  private static final String PROJECT = "projects/demo";
  private static final String COUNT = "run.googleapis.com/request_count";
  private static final String LATENCIES = "run.googleapis.com/request_latencies";
  private static final String SERVICE = CloudRunSim.serviceName("demo", "us-central1", "shop");

  private ManualClock clock;
  private Simulator sim;
  private GoogleClients clients;
  private Instant t0;
  private Instant t1;
  private Instant t2;
  private Instant t3;
  private String stable;

  @BeforeEach
  void start() throws Exception {
    clock = ManualClock.atEpochMinute();
    sim = Simulator.start(SimConfig.defaults(), clock.simClock());
    clients = new GoogleClients(sim.endpoint());
    sim.images().set("img:cand", ImageBehaviour.healthy().withErrorRate(0.2).withLatency(100, 800));
    t0 = clock.now();
    Service created = sim.cloudRun().createService("demo", "us-central1", "shop", "img:stable");
    stable = created.getLatestReadyRevision().substring(created.getLatestReadyRevision().lastIndexOf('/') + 1);
    sim.cloudRun().setRequestRate(SERVICE, RPS);
    var deploy = clients.services.updateServiceAsync(UpdateServiceRequest.newBuilder()
        .setService(created.toBuilder()
            .setTemplate(RevisionTemplate.newBuilder().setRevision("shop-cand")
                .addContainers(Container.newBuilder().setImage("img:cand")))
            .clearTraffic()
            .addTraffic(target(stable, 100, ""))
            .addTraffic(target("shop-cand", 0, "candidate")))
        .build());
    deploy.getInitialFuture().get(10, TimeUnit.SECONDS);
    clock.advance(Duration.ofSeconds(5));
    deploy.get(10, TimeUnit.SECONDS);

    t1 = t0.plus(Duration.ofMinutes(10));
    t2 = t0.plus(Duration.ofMinutes(20));
    t3 = t0.plus(Duration.ofMinutes(30));
    clock.set(t1);
    sim.cloudRun().updateTrafficOutOfBand(SERVICE, Map.of(stable, 90, "shop-cand", 10));
    clock.set(t2);
    sim.cloudRun().updateTrafficOutOfBand(SERVICE, Map.of(stable, 50, "shop-cand", 50));
    clock.set(t3);
  }

  @AfterEach
  void stop() {
    clients.close();
    sim.close();
  }

  private static TrafficTarget target(String revision, int percent, String tag) {
    return TrafficTarget.newBuilder()
        .setType(TrafficTargetAllocationType.TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION)
        .setRevision(revision).setPercent(percent).setTag(tag).build();
  }

  private List<TimeSeries> list(String filter, Instant from, Instant to, Aggregation aggregation) {
    ListTimeSeriesRequest.Builder r = ListTimeSeriesRequest.newBuilder()
        .setName(PROJECT)
        .setFilter(filter)
        .setInterval(TimeInterval.newBuilder().setStartTime(Timestamps.of(from)).setEndTime(Timestamps.of(to)))
        .setView(ListTimeSeriesRequest.TimeSeriesView.FULL);
    if (aggregation != null) {
      r.setAggregation(aggregation);
    }
    return StreamSupport.stream(clients.metrics.listTimeSeries(r.build()).iterateAll().spliterator(), false).toList();
  }

  private static Aggregation sumBy(Duration window, String... groupBy) {
    return Aggregation.newBuilder()
        .setAlignmentPeriod(com.google.protobuf.Duration.newBuilder().setSeconds(window.getSeconds()))
        .setPerSeriesAligner(Aggregation.Aligner.ALIGN_DELTA)
        .setCrossSeriesReducer(Aggregation.Reducer.REDUCE_SUM)
        .addAllGroupByFields(List.of(groupBy))
        .build();
  }

  private static String countOf(String service) {
    return "metric.type = \"" + COUNT + "\" AND resource.type = \"cloud_run_revision\""
        + " AND resource.labels.service_name = \"" + service + "\"";
  }

  /** Requests per revision over a window: the single point of each group. */
  private Map<String, Long> requestsByRevision(Instant from, Instant to, String extraFilter) {
    List<TimeSeries> series = list(countOf("shop") + extraFilter, from, to,
        sumBy(Duration.between(from, to), "resource.labels.revision_name"));
    series.forEach(s -> assertEquals(1, s.getPointsCount(), s.toString()));
    return series.stream().collect(Collectors.toMap(
        s -> s.getResource().getLabelsOrThrow("revision_name"),
        s -> s.getPoints(0).getValue().getInt64Value()));
  }

  private static void assertWithin(double expected, double bound, double actual, String what) {
    assertTrue(Math.abs(actual - expected) <= bound,
        what + ": expected " + expected + " ± " + bound + " but was " + actual);
  }

  /** Five standard deviations of a Poisson count of mean {@code e}. */
  private static double fiveSigmaPoisson(double e) {
    return 5 * Math.sqrt(e);
  }

  private ServiceTimeline timeline(String service) {
    return sim.monitoring().timelines("demo").stream().filter(t -> t.service().equals(service)).findFirst()
        .orElseThrow();
  }

  /** The model's samples of {@code revision} on shop for every sample period in {@code [from, to)}. */
  private List<RequestModel.Sample> modelSamples(String revision, Instant from, Instant to, boolean latencies) {
    ServiceTimeline t = timeline("shop");
    RequestModel model = sim.monitoring().model();
    List<RequestModel.Sample> out = new ArrayList<>();
    for (long k = from.toEpochMilli() / 60_000; k < to.toEpochMilli() / 60_000; k++) {
      out.add(model.sample(t, revision, Instant.ofEpochMilli(k * 60_000), Instant.ofEpochMilli((k + 1) * 60_000), k,
          latencies));
    }
    return out;
  }

  private long modelRequests(String revision, Instant from, Instant to) {
    return modelSamples(revision, from, to, false).stream().mapToLong(RequestModel.Sample::requests).sum();
  }

  private long modelErrors(String revision, Instant from, Instant to) {
    return modelSamples(revision, from, to, false).stream().mapToLong(RequestModel.Sample::errors).sum();
  }

  @Test
  void requestCountsAreTheModelsAndFollowTheTrafficHistory() {
    Map<String, Long> step1 = requestsByRevision(t1, t2, "");
    Map<String, Long> step2 = requestsByRevision(t2, t3, "");
    Map<String, Long> before = requestsByRevision(t0, t1, "");
    for (var w : List.of(Map.entry(List.of(t1, t2), step1), Map.entry(List.of(t2, t3), step2),
        Map.entry(List.of(t0, t1), before))) {
      Instant from = w.getKey().get(0);
      Instant to = w.getKey().get(1);
      w.getValue().forEach((revision, n) ->
          assertEquals(modelRequests(revision, from, to), n, revision + " in " + from + " .. " + to));
    }
    ServiceTimeline t = timeline("shop");
    assertEquals(RPS * 0.10 * 600, t.expectedRequests("shop-cand", t1, t2), 1e-9);
    assertEquals(RPS * 0.90 * 600, t.expectedRequests(stable, t1, t2), 1e-9);
    assertEquals(RPS * 0.50 * 600, t.expectedRequests("shop-cand", t2, t3), 1e-9);
    double cand1 = RPS * 0.10 * 600;
    double stable1 = RPS * 0.90 * 600;
    assertWithin(cand1, fiveSigmaPoisson(cand1), step1.get("shop-cand"), "candidate at 10%");
    assertWithin(stable1, fiveSigmaPoisson(stable1), step1.get(stable), "stable at 90%");
    double half = RPS * 0.5 * 600;
    assertWithin(half, fiveSigmaPoisson(half), step2.get("shop-cand"), "a window after the shift sees only 50/50");
    assertWithin(half, fiveSigmaPoisson(half), step2.get(stable), "stable at 50%");
    assertEquals(Map.of(stable, before.get(stable)), before, "no points for a revision at 0%");
  }

  @Test
  void errorsAreBinomialAtTheImageErrorRate() {
    long requests = requestsByRevision(t1, t3, "").get("shop-cand");
    long errors = requestsByRevision(t1, t3, " AND metric.labels.response_code_class = \"5xx\"").get("shop-cand");
    assertEquals(modelErrors("shop-cand", t1, t3), errors);
    assertTrue(errors <= requests);
    assertWithin(0.2 * requests, 5 * Math.sqrt(requests * 0.2 * 0.8), errors, "candidate 5xx at 20%");
    Map<String, Long> ok = requestsByRevision(t1, t3, " AND metric.labels.response_code_class = \"2xx\"");
    assertEquals(requests, ok.get("shop-cand") + errors);

    List<TimeSeries> byClass = list(countOf("shop") + " AND resource.labels.revision_name = \"shop-cand\"", t1, t3,
        sumBy(Duration.ofMinutes(20), "metric.labels.response_code_class"));
    assertEquals(Map.of("2xx", requests - errors, "5xx", errors), byClass.stream().collect(Collectors.toMap(
        s -> s.getMetric().getLabelsOrThrow("response_code_class"), s -> s.getPoints(0).getValue().getInt64Value())));
    // the stable image's 0.1%: 5xx = 0 is likely in a minute, but not always
    long stableErrors = modelErrors(stable, t0, t3);
    double stableExpected = timeline("shop").expectedRequests(stable, t0, t3) * 0.001;
    assertWithin(stableExpected, fiveSigmaPoisson(stableExpected), stableErrors, "stable 5xx at 0.1%");
  }

  @Test
  void everyRawPointIsTheModelsSampleForItsPeriod() {
    for (String metric : List.of(COUNT, LATENCIES)) {
      List<TimeSeries> raw = list("metric.type = \"" + metric + "\" AND resource.labels.service_name = \"shop\"",
          t0, t3, null);
      assertEquals(4, raw.size(), "2 revisions x 2 response classes");
      ServiceTimeline t = timeline("shop");
      RequestModel model = sim.monitoring().model();
      int points = 0;
      for (TimeSeries s : raw) {
        String revision = s.getResource().getLabelsOrThrow("revision_name");
        boolean errors = s.getMetric().getLabelsOrThrow("response_code_class").equals("5xx");
        for (Point p : s.getPointsList()) {
          Instant start = Timestamps.toInstant(p.getInterval().getStartTime());
          Instant end = Timestamps.toInstant(p.getInterval().getEndTime());
          RequestModel.Sample m = model.sample(t, revision, start, end, start.toEpochMilli() / 60_000,
              metric.equals(LATENCIES));
          if (metric.equals(COUNT)) {
            assertEquals(errors ? m.errors() : m.ok(), p.getValue().getInt64Value(), revision + " " + start);
          } else {
            assertEquals(errors ? m.errorLatencies() : m.okLatencies(), p.getValue().getDistributionValue(),
                revision + " " + start);
          }
          points++;
        }
      }
      assertTrue(points > 40, points + " points");
    }
  }

  @Test
  void rawPointsAreOnePerSamplePeriodNewestFirstAndVaryLikePoissonCounts() {
    List<TimeSeries> raw = list(countOf("shop") + " AND resource.labels.revision_name = \"shop-cand\""
        + " AND metric.labels.response_code_class = \"2xx\"", t1, t2, null);
    assertEquals(1, raw.size());
    TimeSeries s = raw.get(0);
    assertEquals(MetricKind.DELTA, s.getMetricKind());
    assertEquals(ValueType.INT64, s.getValueType());
    assertEquals(Map.of("project_id", "demo", "location", "us-central1", "service_name", "shop",
        "revision_name", "shop-cand", "configuration_name", "shop"), s.getResource().getLabelsMap());
    assertEquals(10, s.getPointsCount());
    Point newest = s.getPoints(0);
    assertEquals(t2, Timestamps.toInstant(newest.getInterval().getEndTime()));
    assertEquals(t2.minusSeconds(60), Timestamps.toInstant(newest.getInterval().getStartTime()));
    // each minute's 2xx: Poisson of mean 120 x 0.8 (10% of 20 rps, 20% failing)
    double expected = RPS * 0.10 * 60 * 0.8;
    java.util.Set<Long> distinct = new java.util.HashSet<>();
    for (Point p : s.getPointsList()) {
      long ok = p.getValue().getInt64Value();
      assertWithin(expected, fiveSigmaPoisson(expected), ok, "2xx per minute");
      distinct.add(ok);
    }
    assertTrue(distinct.size() > 1, "the counts vary from minute to minute: " + s.getPointsList());
    // deterministic: the same query, the same numbers
    assertEquals(raw, list(countOf("shop") + " AND resource.labels.revision_name = \"shop-cand\""
        + " AND metric.labels.response_code_class = \"2xx\"", t1, t2, null));
  }

  @Test
  void aShiftInsideASamplePeriodSplitsThatPeriodExactly() {
    Instant mid = t3.plusSeconds(30);
    clock.set(mid);
    sim.cloudRun().updateTrafficOutOfBand(SERVICE, Map.of(stable, 100));
    clock.set(t3.plus(Duration.ofMinutes(5)));
    Map<String, Long> straddling = requestsByRevision(t3, t3.plusSeconds(60), "");
    double expected = RPS * 30 * 0.5; // 30 s at 50%, then 30 s at 0%
    assertEquals(expected, timeline("shop").expectedRequests("shop-cand", t3, t3.plusSeconds(60)), 1e-9);
    assertEquals(modelRequests("shop-cand", t3, t3.plusSeconds(60)), straddling.get("shop-cand"));
    assertWithin(expected, fiveSigmaPoisson(expected), straddling.get("shop-cand"), "straddling minute");
    assertFalse(requestsByRevision(t3.plusSeconds(60), t3.plus(Duration.ofMinutes(5)), "").containsKey("shop-cand"));
  }

  @Test
  void rateAlignerDividesByTheAlignmentPeriod() {
    List<TimeSeries> rate = list(countOf("shop"), t2, t3, Aggregation.newBuilder()
        .setAlignmentPeriod(com.google.protobuf.Duration.newBuilder().setSeconds(600))
        .setPerSeriesAligner(Aggregation.Aligner.ALIGN_RATE)
        .setCrossSeriesReducer(Aggregation.Reducer.REDUCE_SUM)
        .addGroupByFields("resource.labels.revision_name")
        .build());
    for (TimeSeries s : rate) {
      assertEquals(ValueType.DOUBLE, s.getValueType());
      assertEquals(MetricKind.GAUGE, s.getMetricKind());
      String revision = s.getResource().getLabelsOrThrow("revision_name");
      assertEquals(modelRequests(revision, t2, t3) / 600.0, s.getPoints(0).getValue().getDoubleValue(), 1e-9);
      assertWithin(RPS * 0.5, fiveSigmaPoisson(RPS * 0.5 * 600) / 600, s.getPoints(0).getValue().getDoubleValue(), "rps");
    }
    assertEquals(2, rate.size());
  }

  /**
   * How far the q-quantile read from the buckets of n lognormal draws may be from the model's, relatively:
   * five standard deviations of the sample quantile (its log has sd {@code sigma sqrt(q (1 - q) / n) / phi(z_q)})
   * plus 5% for interpolating inside a 40%-wide bucket.
   */
  static double quantileBound(double p50, double p99, double q, long n) {
    double sigma = (Math.log(p99) - Math.log(p50)) / 2.3263478740408408;
    double z = org.apache.commons.statistics.distribution.NormalDistribution.of(0, 1).inverseCumulativeProbability(q);
    double phi = Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
    return Math.expm1(5 * sigma * Math.sqrt(q * (1 - q) / n) / phi) + 0.05;
  }

  @Test
  void latencyPercentilesMatchTheImageModel() {
    String filter = "metric.type = \"" + LATENCIES + "\" AND resource.labels.service_name = \"shop\"";
    Map<String, Long> requests = requestsByRevision(t2, t3, "");
    for (var q : List.of(Map.entry(Aggregation.Reducer.REDUCE_PERCENTILE_99, 0.99),
        Map.entry(Aggregation.Reducer.REDUCE_PERCENTILE_95, 0.95),
        Map.entry(Aggregation.Reducer.REDUCE_PERCENTILE_50, 0.50))) {
      List<TimeSeries> series = list(filter, t2, t3, Aggregation.newBuilder()
          .setAlignmentPeriod(com.google.protobuf.Duration.newBuilder().setSeconds(600))
          .setPerSeriesAligner(Aggregation.Aligner.ALIGN_DELTA)
          .setCrossSeriesReducer(q.getKey())
          .addGroupByFields("resource.labels.revision_name")
          .build());
      Map<String, Double> byRevision = series.stream().collect(Collectors.toMap(
          s -> s.getResource().getLabelsOrThrow("revision_name"), s -> s.getPoints(0).getValue().getDoubleValue()));
      double cand = LatencyDistributions.modelPercentile(100, 800, q.getValue());
      double base = LatencyDistributions.modelPercentile(40, 200, q.getValue());
      long nCand = requests.get("shop-cand");
      long nBase = requests.get(stable);
      assertWithin(cand, quantileBound(100, 800, q.getValue(), nCand) * cand, byRevision.get("shop-cand"),
          q.getKey() + " candidate");
      assertWithin(base, quantileBound(40, 200, q.getValue(), nBase) * base, byRevision.get(stable), q.getKey() + " stable");
    }
    List<TimeSeries> perSeries = list(filter + " AND metric.labels.response_code_class = \"2xx\"", t2, t3,
        Aggregation.newBuilder()
            .setAlignmentPeriod(com.google.protobuf.Duration.newBuilder().setSeconds(60))
            .setPerSeriesAligner(Aggregation.Aligner.ALIGN_PERCENTILE_50)
            .build());
    assertEquals(2, perSeries.size());
    for (TimeSeries s : perSeries) {
      assertEquals(10, s.getPointsCount());
      boolean cand = s.getResource().getLabelsOrThrow("revision_name").equals("shop-cand");
      double p50 = cand ? 100 : 40;
      // 600 requests a minute on each revision (480 of the candidate's are 2xx): well above 200
      double bound = quantileBound(p50, cand ? 800 : 200, 0.5, 200);
      s.getPointsList().forEach(p -> assertWithin(p50, bound * p50, p.getValue().getDoubleValue(), "per-minute p50"));
    }
    List<TimeSeries> rawLatency = list(filter, t2, t2.plusSeconds(60), null);
    assertEquals(ValueType.DISTRIBUTION, rawLatency.get(0).getValueType());
    assertTrue(rawLatency.get(0).getPoints(0).getValue().getDistributionValue().getBucketOptions()
        .hasExponentialBuckets());
  }

  @Test
  void zeroTrafficAndOtherMetricsAnswerNothing() {
    sim.cloudRun().createService("demo", "us-central1", "idle", "img:stable");
    sim.cloudRun().setRequestRate(CloudRunSim.serviceName("demo", "us-central1", "idle"), 0);
    clock.advance(Duration.ofMinutes(10));
    assertTrue(list(countOf("idle"), t3, clock.now(), null).isEmpty());
    assertTrue(list("metric.type = \"run.googleapis.com/container/cpu/utilizations\"", t0, t3, null).isEmpty());
    assertTrue(list(countOf("shop") + " AND resource.type = \"gce_instance\"".replace("cloud_run_revision", ""), t0, t3,
        null).isEmpty());
    assertTrue(list(countOf("shop"), t3, t3, null).isEmpty(), "an empty interval holds no DELTA point");
  }

  @Test
  void pagingReturnsEverySeriesOnce() {
    ListTimeSeriesRequest request = ListTimeSeriesRequest.newBuilder()
        .setName(PROJECT)
        .setFilter(countOf("shop"))
        .setInterval(TimeInterval.newBuilder().setStartTime(Timestamps.of(t1)).setEndTime(Timestamps.of(t3)))
        .setPageSize(1)
        .build();
    var page = clients.metrics.listTimeSeries(request).getPage();
    assertEquals(1, page.getPageElementCount());
    assertTrue(page.hasNextPage());
    List<TimeSeries> all = StreamSupport.stream(clients.metrics.listTimeSeries(request).iterateAll().spliterator(), false)
        .toList();
    assertEquals(4, all.size(), "2 revisions x 2 response classes");
    assertEquals(4, all.stream().map(s -> s.getResource().getLabelsMap() + "" + s.getMetric().getLabelsMap())
        .distinct().count());
  }

  @Test
  void unsupportedFiltersAndAggregationsAreInvalidArguments() {
    Map<String, String> filters = Map.of(
        countOf("shop") + " OR resource.labels.service_name = \"x\"", "'OR'",
        "NOT " + countOf("shop"), "'NOT'",
        countOf("shop") + " AND resource.labels.revision_name != \"x\"", "'!='",
        countOf("shop") + " AND resource.labels.revision_name = starts_with(\"x\")", "starts_with(",
        countOf("shop") + " AND metadata.user_labels.team = \"x\"", "metadata.user_labels.team",
        countOf("shop") + " AND resource.labels.revision_name = x", "double-quoted",
        "resource.labels.service_name = \"shop\"", "metric type");
    filters.forEach((filter, part) -> {
      InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> list(filter, t1, t2, null));
      assertTrue(e.getMessage().contains(part) && e.getMessage().contains("'filter'"), e.getMessage());
    });
    InvalidArgumentException noAligner = assertThrows(InvalidArgumentException.class, () -> list(countOf("shop"), t1, t2,
        Aggregation.newBuilder().setCrossSeriesReducer(Aggregation.Reducer.REDUCE_SUM).build()));
    assertTrue(noAligner.getMessage().contains("per_series_aligner"));
    InvalidArgumentException percentileOfCount = assertThrows(InvalidArgumentException.class, () -> list(countOf("shop"),
        t1, t2, Aggregation.newBuilder()
            .setAlignmentPeriod(com.google.protobuf.Duration.newBuilder().setSeconds(60))
            .setPerSeriesAligner(Aggregation.Aligner.ALIGN_PERCENTILE_99).build()));
    assertTrue(percentileOfCount.getMessage().contains("DISTRIBUTION"));
    assertThrows(InvalidArgumentException.class, () -> list(countOf("shop"), t2, t1, null));
  }
}
