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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link MonitoringActivities} against the simulator's Monitoring model. A scripted traffic history
 * (service rate, deploy, shift, out-of-band changes) is played on a manual clock; what the activity
 * returns is checked against the model's expectation within the model's documented noise bound:
 * per 60 s sample period {@code |n - E| <= noise E + 0.5}, errors {@code |e - n r| <= noise n r + 0.5}.
 */
class MonitoringActivitiesTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private static final double RATE = 10.0;
  private static final double NOISE = 0.05;
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
    assertEquals(NOISE, config.metricsNoise(), "the bounds below assume the default noise");
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

  /** Requests of one revision over {@code periods} whole minutes at {@code share} of the rate. */
  private static void assertRequests(RevisionMetrics m, double share, int periods) {
    double expected = RATE * share * 60 * periods;
    double bound = NOISE * expected + 0.5 * periods;
    assertTrue(Math.abs(m.requests() - expected) <= bound,
        "requests " + m.requests() + " not within " + expected + " ± " + bound);
  }

  private static void assertErrors(RevisionMetrics m, double errorRate, int periods) {
    double expected = m.requests() * errorRate;
    double bound = NOISE * expected + 0.5 * periods;
    assertTrue(Math.abs(m.errors5xx() - expected) <= bound,
        "errors " + m.errors5xx() + " not within " + expected + " ± " + bound + " of " + m.requests());
  }

  @Test
  void aWindowReturnsWhatTheModelPredictsForCandidateAndStable() {
    start(Duration.ZERO);
    Deployment d = rollOutTo(10);
    setNow(at(7));

    WindowMetrics w = metrics.read(window(d, 2, 7));

    assertRequests(w.candidate(), 0.10, 5);
    assertErrors(w.candidate(), 0.10, 5);
    assertRequests(w.stable(), 0.90, 5);
    assertErrors(w.stable(), ImageBehaviour.healthy().errorRate(), 5);
    // The window is aligned into one bucket: one point per response class that had requests (2xx, 5xx).
    assertEquals(2, w.candidate().samplePoints(), "" + w.candidate());
    // Latencies follow each image's distribution, read back from exponential buckets 40% wide.
    assertEquals(80, w.candidate().p50Ms(), 80 * 0.2);
    assertEquals(400, w.candidate().p99Ms(), 400 * 0.2);
    assertEquals(40, w.stable().p50Ms(), 40 * 0.2);
    assertEquals(200, w.stable().p99Ms(), 200 * 0.2);
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
    assertRequests(early.candidate(), 0.20, 2);
    assertRequests(early.stable(), 0.80, 2);

    setNow(at(10));
    WindowMetrics late = metrics.read(window(d, 2, 7));
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
    assertRequests(w.stable(), 1.0, 5);
    assertNotNull(w.stable().p50Ms());
    // Between the two revisions' medians, nearer the one with 70% of the requests.
    double weighted = 0.7 * 40 + 0.3 * 100;
    assertEquals(weighted, w.stable().p50Ms(), weighted * 0.15);
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
