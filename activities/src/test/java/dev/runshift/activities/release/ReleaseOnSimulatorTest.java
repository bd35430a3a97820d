package dev.runshift.activities.release;

import static dev.runshift.activities.SimulatorFixture.REPOSITORY;
import static dev.runshift.activities.SimulatorFixture.SERVICE;
import static dev.runshift.activities.SimulatorFixture.image;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runshift.activities.SimulatorFixture;
import dev.runshift.activities.cloudbuild.CloudBuildActivities;
import dev.runshift.activities.metrics.MonitoringActivities;
import dev.runshift.activities.run.CloudRunActivities;
import dev.runshift.activities.run.TrafficMapper;
import dev.runshift.activities.smoke.HttpSmokeTester;
import dev.runshift.policy.RolloutPolicy;
import dev.runshift.ports.BuildSpec;
import dev.runshift.ports.FailureTypes;
import dev.runshift.ports.TaskQueues;
import dev.runshift.ports.TestSpec;
import dev.runshift.release.Phase;
import dev.runshift.release.ReleaseOutcome;
import dev.runshift.release.ReleaseRequest;
import dev.runshift.release.ReleaseStatus;
import dev.runshift.release.ReleaseWorkflow;
import dev.runshift.release.ReleaseWorkflowImpl;
import dev.runshift.release.ReleaseWorkflows;
import dev.runshift.release.RevisionNames;
import dev.runshift.simulator.core.ApiCall;
import dev.runshift.simulator.core.ImageBehaviour;
import dev.runshift.simulator.core.SimClock;
import dev.runshift.simulator.core.SimConfig;
import dev.runshift.traffic.TrafficMap;
import dev.runshift.traffic.TrafficTarget;
import io.grpc.Status;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real release workflow with the real activities against the simulator, on Temporal's time-skipping
 * test server. The simulator reads the test server's clock, so soaks and analysis intervals skipped by
 * the test server are minutes of simulated traffic for Monitoring.
 */
class ReleaseOnSimulatorTest {
  private static final String STABLE_IMAGE = image("stable");

  private TestWorkflowEnvironment testEnv;
  private SimulatorFixture f;
  private String stable;

  @BeforeEach
  void start() {
    testEnv = TestWorkflowEnvironment.newInstance();
    f = new SimulatorFixture(
        SimConfig.defaults()
            .withRevisionReadyDelay(Duration.ofSeconds(1))
            .withBuildDelays(Duration.ofMillis(200), Duration.ofMillis(800)),
        SimClock.ofMillis(testEnv::currentTimeMillis));
    testEnv.newWorker(TaskQueues.WORKFLOWS).registerWorkflowImplementationTypes(ReleaseWorkflowImpl.class);
    testEnv.newWorker(TaskQueues.BUILD).registerActivitiesImplementations(new CloudBuildActivities(f.clients));
    testEnv.newWorker(TaskQueues.DEPLOY).registerActivitiesImplementations(new CloudRunActivities(f.clients));
    Worker verify = testEnv.newWorker(TaskQueues.VERIFY);
    verify.registerActivitiesImplementations(new MonitoringActivities(f.clients), new HttpSmokeTester());
    testEnv.start();
    // The simulated 5xx are random (Poisson counts, binomial errors) and the test server starts at the wall
    // clock, so a healthy image's default 0.1% would make the default policy roll back about 0.7% of
    // releases at the 5% step (2 errors in the first ~120 requests). These tests are about the release's
    // mechanics, not verdict noise: their images answer no 5xx unless a test says otherwise (exact rules,
    // like the ten-percent image's, win over this pattern).
    f.sim.images().setPattern(Pattern.quote(REPOSITORY) + "@.*", ImageBehaviour.healthy().withErrorRate(0));
    stable = TrafficMapper.shortName(f.sim.cloudRun()
        .createService(SERVICE.project(), SERVICE.region(), SERVICE.service(), STABLE_IMAGE)
        .getLatestReadyRevision());
  }

  @AfterEach
  void stop() {
    testEnv.close();
    f.close();
  }

  private static ReleaseRequest ofImage(String releaseId, String image) {
    return new ReleaseRequest(releaseId, SERVICE, image, null, null, RolloutPolicy.defaults(), "test");
  }

  private ReleaseWorkflow startRelease(ReleaseRequest request) {
    ReleaseWorkflow release = testEnv.getWorkflowClient()
        .newWorkflowStub(ReleaseWorkflow.class, ReleaseWorkflows.options(request, false));
    WorkflowClient.start(release::run, request);
    return release;
  }

  private ReleaseOutcome release(ReleaseRequest request) {
    return WorkflowStub.fromTyped(startRelease(request)).getResult(ReleaseOutcome.class);
  }

  private TrafficMap serviceTraffic() {
    return TrafficMapper.fromProto(f.sim.cloudRun().service(SERVICE.resourceName()).orElseThrow().getTrafficList());
  }

  private ReleaseStatus awaitStatus(ReleaseWorkflow release, Predicate<ReleaseStatus> condition) {
    ReleaseStatus status = release.status();
    for (int i = 0; !condition.test(status); i++) {
      if (i > 500) {
        throw new AssertionError("release stuck: " + status);
      }
      testEnv.sleep(Duration.ofSeconds(10));
      status = release.status();
    }
    return status;
  }

  @Test
  void promotesAHealthyImageAndCountsTheApiCallsOfADefaultRollout() {
    String image = image("healthy");
    f.sim.calls().clear();

    ReleaseOutcome outcome = release(ofImage("rel-healthy", image));

    String candidate = RevisionNames.candidate(SERVICE.service(), "rel-healthy");
    assertEquals(Phase.PROMOTED, outcome.phase(), outcome.reason());
    assertEquals(TrafficMap.of(TrafficTarget.revision(candidate, 100)), outcome.finalTraffic());
    assertEquals(outcome.finalTraffic(), serviceTraffic());
    var history = f.sim.cloudRun().trafficHistory(SERVICE.resourceName());
    assertEquals(Map.of(candidate, 100), history.get(history.size() - 1).percents());
    // The default steps were really served, in order.
    List<Integer> steps = RolloutPolicy.defaults().steps();
    List<Integer> served = history.stream()
        .map(c -> c.percents().getOrDefault(candidate, 0)).distinct().toList();
    List<Integer> expected = new java.util.ArrayList<>(List.of(0));
    expected.addAll(steps);
    assertEquals(expected, served.subList(served.indexOf(0), served.size()));

    List<ApiCall> calls = f.sim.calls().calls();
    Map<String, Long> byMethod = calls.stream().collect(
        Collectors.groupingBy(ApiCall::method, TreeMap::new, Collectors.counting()));
    long cloudRun = calls.stream().filter(c -> c.method().startsWith("google.cloud.run.")
        || c.method().startsWith("google.longrunning.")).count();
    long monitoring = calls.stream().filter(c -> c.method().startsWith("google.monitoring.")).count();
    System.out.println("API calls of one default rollout (steps " + steps + ", sequential verdicts, 1 min looks): "
        + "Cloud Run " + cloudRun + " (incl. LRO polls), Monitoring " + monitoring + "; by method " + byMethod);
    // Writes: one deploy, one change per step, and the promotion.
    assertEquals(steps.size() + 2, byMethod.get("google.cloud.run.v2.Services/UpdateService"));
    // Every call succeeded but the deploy's probe for an existing candidate revision.
    List<ApiCall> notOk = calls.stream().filter(c -> !c.status().equals("OK")).toList();
    assertEquals(1, notOk.size(), notOk.toString());
    assertEquals("NOT_FOUND", notOk.get(0).status());
    assertTrue(notOk.get(0).resource().endsWith("/revisions/" + candidate), notOk.toString());
  }

  @Test
  void rollsBackAnImageWithTenPercentErrorsToExactlyWhatServedBefore() {
    String bad = image("ten-percent-errors");
    f.sim.images().set(bad, ImageBehaviour.healthy().withErrorRate(0.10));
    TrafficMap before = TrafficMap.of(TrafficTarget.revision(stable, 100));

    ReleaseOutcome outcome = release(ofImage("rel-bad", bad));

    assertEquals(Phase.ROLLED_BACK, outcome.phase(), outcome.reason());
    assertEquals(before, outcome.finalTraffic());
    assertEquals(before, serviceTraffic());
    var history = f.sim.cloudRun().trafficHistory(SERVICE.resourceName());
    assertEquals(Map.of(stable, 100), history.get(history.size() - 1).percents());
    String candidate = RevisionNames.candidate(SERVICE.service(), "rel-bad");
    int maxServed = history.stream().mapToInt(c -> c.percents().getOrDefault(candidate, 0)).max().orElse(0);
    assertEquals(RolloutPolicy.defaults().steps().get(0), maxServed, "caught at the first step");
  }

  @Test
  void releasesFromSourceBuildOnceTestTheDigestAndPromote() {
    ReleaseRequest request = new ReleaseRequest("rel-src", SERVICE, null,
        new BuildSpec("gs://shop-src/checkout.tar.gz", REPOSITORY, "Dockerfile", null),
        new TestSpec(List.of("/app/run-tests.sh"), Duration.ofMinutes(10)), RolloutPolicy.defaults(), "test");

    ReleaseOutcome outcome = release(request);

    assertEquals(Phase.PROMOTED, outcome.phase(), outcome.reason());
    var builds = f.sim.cloudBuild().builds(SERVICE.project());
    assertEquals(2, builds.size(), "one image build and one test run");
    String built = REPOSITORY + "@" + builds.get(1).getResults().getImages(0).getDigest();
    assertEquals(built, outcome.image());
    assertEquals(built, builds.get(0).getSteps(0).getName(), "tests ran inside exactly the built digest");
    assertEquals(built, f.sim.cloudRun().revisions(SERVICE.resourceName()).get(0).getContainers(0).getImage());
  }

  @Test
  void transientAndQuotaErrorsAreRetriedByTemporalAndTheReleaseCompletes() {
    f.sim.faults().failNext("UpdateService", 2, Status.Code.UNAVAILABLE, "The service is currently unavailable.");
    f.sim.faults().failNext("ListTimeSeries", 2, Status.Code.INTERNAL, "Internal error encountered.");
    // One Cloud Run write per minute: the first shift, right after the deploy, hits the quota.
    f.sim.cloudRun().setWriteQuota(SERVICE.region(), 1);

    ReleaseOutcome outcome = release(ofImage("rel-flaky", image("flaky-day")));

    assertEquals(Phase.PROMOTED, outcome.phase(), outcome.reason());
    List<String> updates = f.calls("UpdateService").stream().map(ApiCall::status).toList();
    assertEquals(List.of("UNAVAILABLE", "UNAVAILABLE", "OK"), updates.subList(0, 3));
    assertTrue(updates.contains("RESOURCE_EXHAUSTED"), updates.toString());
    assertEquals(2, f.sim.cloudRun().revisions(SERVICE.resourceName()).size(), "retries made no extra revision");
  }

  @Test
  void aMissingGrantStopsTheReleaseWithAnActionableMessageAndRetryResumesIt() {
    f.sim.faults().failNext("UpdateService", 1, Status.Code.PERMISSION_DENIED,
        "Permission 'run.services.update' denied on resource '" + SERVICE.resourceName() + "'.");
    ReleaseWorkflow release = startRelease(ofImage("rel-iam", image("iam")));

    ReleaseStatus waiting = awaitStatus(release, s -> s.phase() == Phase.AWAITING_OPERATOR);
    assertEquals(FailureTypes.PERMISSION_DENIED, waiting.failure().type());
    assertTrue(waiting.failure().message().contains("Grant roles/run.developer (run.services.update)"),
        waiting.failure().message());
    assertEquals(1, f.calls("UpdateService").size(), "non-retryable: one attempt only");

    release.retry("granted roles/run.developer to the deploy worker");
    ReleaseOutcome outcome = WorkflowStub.fromTyped(release).getResult(ReleaseOutcome.class);
    assertEquals(Phase.PROMOTED, outcome.phase(), outcome.reason());
  }
}
