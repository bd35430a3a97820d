package dev.runshift.activities.metrics;

import static dev.runshift.activities.SimulatorFixture.SERVICE;
import static dev.runshift.activities.SimulatorFixture.applicationFailure;
import static dev.runshift.activities.SimulatorFixture.image;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runshift.activities.SimulatorFixture;
import dev.runshift.activities.run.CloudRunActivities;
import dev.runshift.activities.run.TrafficMapper;
import dev.runshift.ports.CloudRun;
import dev.runshift.ports.DeployRequest;
import dev.runshift.ports.Deployment;
import dev.runshift.ports.FailureTypes;
import dev.runshift.ports.MetricsQuery;
import dev.runshift.ports.MetricsSource;
import dev.runshift.ports.RevisionMetrics;
import dev.runshift.ports.ShiftRequest;
import dev.runshift.ports.WindowMetrics;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.statistics.distribution.LogNormalDistribution;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link MonitoringActivities} against the simulator's Monitoring model. A scripted traffic history
 * (service rate, deploy, shift, out-of-band changes) is played on a manual clock; what the activity
 * returns is checked two ways: exactly against what the simulator's {@code RequestModel} drew for the
 * window's sample periods, and statistically against the model's distributions (requests
 * {@code ~ Poisson(E)}, 5xx {@code ~ Binomial(n, r)}, latencies from the image's lognormal), within 5
 * standard deviations.
 */
class MonitoringActivitiesTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private static final double RATE = 10.0;
  private static final String RELEASE = "metrics-release";
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
        .withDefaultRequestRate(RATE)
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

  private Instant at(int minutes) {
    return T0.plus(Duration.ofMinutes(minutes));
  }

  private void setNow(Instant t) {
    now.set(t.toEpochMilli());
  }

  /** Deploys BAD_IMAGE as the candidate at minute 1 and shifts it to {@code percent} at minute 2. */
  private Deployment rollOutTo(int percent) {
    setNow(at(1));
    Deployment d = run.deployNoTraffic(new DeployRequest(SERVICE, RELEASE, BAD_IMAGE, CANDIDATE, "candidate"));
    setNow(at(2));
    TrafficMap zero = TrafficMap.of(TrafficTarget.revision(stable, 100), TrafficTarget.tagged(CANDIDATE, 0, "candidate"));
    TrafficMap next = TrafficMap.of(
        TrafficTarget.revision(stable, 100 - percent), TrafficTarget.tagged(CANDIDATE, percent, "candidate"));
    run.shiftTraffic(new ShiftRequest(SERVICE, zero, next));
    return d;
  }

  private MetricsQuery window(Deployment d, int fromMinute, int toMinute) {
    return new MetricsQuery(SERVICE, CANDIDATE, d.stableRevisions(), at(fromMinute).toEpochMilli(),
        at(toMinute).toEpochMilli());
  }

  /** Requests of one revision over {@code periods} whole minutes at {@code share} of the rate: Poisson, 5 sd. */
  private static void assertRequests(RevisionMetrics m, double share, int periods) {
    double expected = RATE * share * 60 * periods;
    double bound = 5 * Math.sqrt(expected);
    assertTrue(Math.abs(m.requests() - expected) <= bound,
        "requests " + m.requests() + " not within " + expected + " ± " + bound);
  }

  /** 5xx given the requests: Binomial(n, r), 5 sd (and at least 1, for r n near 0). */
  private static void assertErrors(RevisionMetrics m, double errorRate) {
    double expected = m.requests() * errorRate;
    double bound = Math.max(1, 5 * Math.sqrt(m.requests() * errorRate * (1 - errorRate)));
    assertTrue(m.errors5xx() <= m.requests());
    assertTrue(Math.abs(m.errors5xx() - expected) <= bound,
        "errors " + m.errors5xx() + " not within " + expected + " ± " + bound + " of " + m.requests());
  }

  /** Requests and 5xx the simulator's model drew for {@code revisions} over the whole minutes of [from, to). */
  private long[] modelCounts(List<String> revisions, Instant from, Instant to) {
    var model = f.sim.monitoring().model();
    var timeline = f.sim.monitoring().timelines(SERVICE.project()).stream()
        .filter(t -> t.service().equals(SERVICE.service())).findFirst().orElseThrow();
    long requests = 0;
    long errors = 0;
    for (String revision : revisions) {
      for (long k = from.toEpochMilli() / 60_000; k < to.toEpochMilli() / 60_000; k++) {
        var s = model.sample(timeline, revision, Instant.ofEpochMilli(k * 60_000),
            Instant.ofEpochMilli((k + 1) * 60_000), k, false);
        requests += s.requests();
        errors += s.errors();
      }
    }
    return new long[] {requests, errors};
  }

  private void assertIsTheModels(RevisionMetrics m, List<String> revisions, Instant from, Instant to) {
    long[] model = modelCounts(revisions, from, to);
    assertEquals(model[0], m.requests(), "requests of " + revisions);
    assertEquals(model[1], m.errors5xx(), "5xx of " + revisions);
  }

  /**
   * A q-quantile read from n lognormal latencies (median p50, 99th percentile p99): within 5 sd of the sample
   * quantile (its log has sd {@code sigma sqrt(q (1 - q) / n) / phi(z_q)}) plus 5% for reading it inside a
   * 40%-wide bucket.
   */
  private static void assertQuantile(double p50, double p99, double q, long n, Double actual) {
    double sigma = (Math.log(p99) - Math.log(p50)) / 2.3263478740408408;
    double z = switch ((int) Math.round(q * 100)) {
      case 50 -> 0;
      case 95 -> 1.6448536269514722;
      case 99 -> 2.3263478740408408;
      default -> throw new IllegalArgumentException("" + q);
    };
    double phi = Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
    double model = p50 * Math.exp(sigma * z);
    double bound = model * (Math.expm1(5 * sigma * Math.sqrt(q * (1 - q) / n) / phi) + 0.05);
    assertNotNull(actual);
    assertEquals(model, actual, bound, "p" + Math.round(q * 100) + " of " + n + " requests");
  }

  @Test
  void aWindowReturnsWhatTheModelPredictsForCandidateAndStable() {
    start(Duration.ZERO);
    Deployment d = rollOutTo(10);
    setNow(at(7));

    WindowMetrics w = metrics.read(window(d, 2, 7));

    assertIsTheModels(w.candidate(), List.of(CANDIDATE), at(2), at(7));
    assertIsTheModels(w.stable(), d.stableRevisions(), at(2), at(7));
    assertRequests(w.candidate(), 0.10, 5);
    assertErrors(w.candidate(), 0.10);
    assertRequests(w.stable(), 0.90, 5);
    assertErrors(w.stable(), ImageBehaviour.healthy().errorRate());
    // The window is aligned into one bucket: one point per response class that had requests (2xx, 5xx).
    assertEquals(2, w.candidate().samplePoints(), "" + w.candidate());
    // Latencies follow each image's distribution, read back from exponential buckets 40% wide.
    assertQuantile(80, 400, 0.50, w.candidate().requests(), w.candidate().p50Ms());
    assertQuantile(80, 400, 0.99, w.candidate().requests(), w.candidate().p99Ms());
    assertQuantile(40, 200, 0.50, w.stable().requests(), w.stable().p50Ms());
    assertQuantile(40, 200, 0.95, w.stable().requests(), w.stable().p95Ms());
    assertQuantile(40, 200, 0.99, w.stable().requests(), w.stable().p99Ms());
    assertTrue(w.stable().p50Ms() < w.stable().p95Ms() && w.stable().p95Ms() < w.stable().p99Ms(), "" + w.stable());
    assertEquals(at(2).toEpochMilli(), w.startEpochMillis());
    // One call for counts and one per percentile.
    assertEquals(4, f.calls("ListTimeSeries").size());
  }

  @Test
  void theWindowStartsAtTheLastTrafficChangeSoEarlierTrafficIsNotCounted() {
    start(Duration.ZERO);
    Deployment d = rollOutTo(10);
    setNow(at(5));
    WindowMetrics before = metrics.read(window(d, 2, 5));
    setNow(at(5));
    run.shiftTraffic(new ShiftRequest(SERVICE, run.describe(SERVICE).traffic(), TrafficMap.of(
        TrafficTarget.revision(stable, 50), TrafficTarget.tagged(CANDIDATE, 50, "candidate"))));
    setNow(at(9));
    WindowMetrics after = metrics.read(window(d, 5, 9));
    assertIsTheModels(before.candidate(), List.of(CANDIDATE), at(2), at(5));
    assertIsTheModels(after.candidate(), List.of(CANDIDATE), at(5), at(9));
    assertRequests(before.candidate(), 0.10, 3);
    assertRequests(after.candidate(), 0.50, 4);
    assertRequests(after.stable(), 0.50, 4);
  }

  @Test
  void zeroTrafficIsZerosAndNullLatenciesFromOneCall() {
    start(Duration.ZERO);
    Deployment d = rollOutTo(10);
    f.sim.cloudRun().setRequestRate(SERVICE.resourceName(), 0);
    setNow(at(6));
    int callsBefore = f.calls("ListTimeSeries").size();

    WindowMetrics w = metrics.read(window(d, 2, 6));

    assertEquals(RevisionMetrics.empty(), w.candidate());
    assertEquals(RevisionMetrics.empty(), w.stable());
    assertNull(w.candidate().p99Ms());
    assertEquals(callsBefore + 1, f.calls("ListTimeSeries").size(), "no latency queries without requests");
  }

  @Test
  void delayedMetricsShowOnlyThePeriodsAlreadyVisibleAndCatchUpLater() {
    start(Duration.ofMinutes(3));
    Deployment d = rollOutTo(20);
    setNow(at(7));

    // At minute 7 with a 3-minute delay, only minutes 2..4 are visible.
    WindowMetrics early = metrics.read(window(d, 2, 7));
    assertIsTheModels(early.candidate(), List.of(CANDIDATE), at(2), at(4));
    assertRequests(early.candidate(), 0.20, 2);
    assertRequests(early.stable(), 0.80, 2);

    setNow(at(10));
    WindowMetrics late = metrics.read(window(d, 2, 7));
    assertIsTheModels(late.candidate(), List.of(CANDIDATE), at(2), at(7));
    assertRequests(late.candidate(), 0.20, 5);
    assertTrue(late.candidate().requests() > early.candidate().requests());
  }

  @Test
  void severalStableRevisionsAreSummedAndTheirLatenciesWeighedByRequests() {
    start(Duration.ZERO);
    // A second stable revision, slower, served 30% before the release.
    String slowImage = image("slow-stable");
    f.sim.images().set(slowImage, ImageBehaviour.healthy().withLatency(100, 500));
    String slow = RevisionNames.candidate(SERVICE.service(), "earlier");
    run.deployNoTraffic(new DeployRequest(SERVICE, "earlier", slowImage, slow, "earlier"));
    f.sim.cloudRun().updateTrafficOutOfBand(SERVICE.resourceName(), Map.of(stable, 70, slow, 30));
    setNow(at(1));
    Deployment d = run.deployNoTraffic(new DeployRequest(SERVICE, RELEASE, BAD_IMAGE, CANDIDATE, "candidate"));
    assertEquals(List.of(slow, stable).stream().sorted().toList(), d.stableRevisions().stream().sorted().toList());
    setNow(at(6));

    WindowMetrics w = metrics.read(window(d, 1, 6));

    assertEquals(RevisionMetrics.empty(), w.candidate());
    assertIsTheModels(w.stable(), d.stableRevisions(), at(1), at(6));
    assertRequests(w.stable(), 1.0, 5);
    assertNotNull(w.stable().p50Ms());
    // The median of the two revisions' latencies together: the mixture 0.7 LN(40 ms) + 0.3 LN(100 ms), within
    // 5 sd of a sample median (sqrt(1/4n) / density) plus 5% for reading it inside a 40%-wide bucket.
    double sigma = Math.log(5) / 2.3263478740408408; // p99 = 5 x p50 for both images
    LogNormalDistribution fast = LogNormalDistribution.of(Math.log(40), sigma);
    LogNormalDistribution slowest = LogNormalDistribution.of(Math.log(100), sigma);
    double lo = 40;
    double hi = 100;
    for (int i = 0; i < 100; i++) {
      double mid = (lo + hi) / 2;
      if (0.7 * fast.cumulativeProbability(mid) + 0.3 * slowest.cumulativeProbability(mid) < 0.5) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    double median = lo;
    double density = 0.7 * fast.density(median) + 0.3 * slowest.density(median);
    double bound = 5 * Math.sqrt(0.25 / w.stable().requests()) / density + 0.05 * median;
    assertEquals(median, w.stable().p50Ms(), bound);
    assertTrue(median > 40 && median < 100);
  }

  @Test
  void permissionDeniedOnMonitoringSaysWhatToGrant() {
    start(Duration.ZERO);
    Deployment d = rollOutTo(10);
    setNow(at(4));
    f.sim.faults().failNext("ListTimeSeries", 1, Status.Code.PERMISSION_DENIED,
        "Permission monitoring.timeSeries.list denied (or the resource may not exist).");

    ApplicationFailure e = applicationFailure(assertThrows(ActivityFailure.class, () -> metrics.read(window(d, 2, 4))));

    assertEquals(FailureTypes.PERMISSION_DENIED, e.getType());
    assertTrue(e.isNonRetryable());
    assertTrue(e.getOriginalMessage().contains(
        "Grant roles/monitoring.viewer (monitoring.timeSeries.list) on projects/shop-prod to the verify worker's"),
        e.getOriginalMessage());
  }
}
