package dev.runshift.activities.cloudbuild;

import static dev.runshift.activities.SimulatorFixture.REPOSITORY;
import static dev.runshift.activities.SimulatorFixture.applicationFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloudbuild.v1.Build;
import dev.runshift.activities.SimulatorFixture;
import dev.runshift.ports.ArtifactTestRequest;
import dev.runshift.ports.BuildRequest;
import dev.runshift.ports.BuildService;
import dev.runshift.ports.BuildSpec;
import dev.runshift.ports.BuiltImage;
import dev.runshift.ports.FailureTypes;
import dev.runshift.ports.TestReport;
import dev.runshift.ports.TestSpec;
import dev.runshift.simulator.cloudbuild.BuildOutcome;
import dev.runshift.simulator.core.SimClock;
import dev.runshift.simulator.core.SimConfig;
import io.grpc.Status;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link CloudBuildActivities} against the simulator's Cloud Build through the official v1 client. */
class CloudBuildActivitiesTest {
  private static final String PROJECT = "shop-prod";
  private static final String RELEASE = "rel-build-1";
  private static final BuildSpec SPEC = new BuildSpec("gs://shop-src/checkout.tar.gz", REPOSITORY, "Dockerfile", null);
  private static final TestSpec TESTS = new TestSpec(List.of("/app/run-tests.sh", "--ci"), Duration.ofMinutes(10));

  private SimulatorFixture f;
  private TestActivityEnvironment env;
  private BuildService builds;

  @BeforeEach
  void start() {
    f = new SimulatorFixture(
        SimConfig.defaults().withBuildDelays(Duration.ofMillis(200), Duration.ofMillis(600)), SimClock.system());
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new CloudBuildActivities(f.clients));
    builds = env.newActivityStub(BuildService.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1))
        .setHeartbeatTimeout(Duration.ofSeconds(10))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());
  }

  @AfterEach
  void stop() {
    env.close();
    f.close();
  }

  private List<Build> simBuilds() {
    return f.sim.cloudBuild().builds(PROJECT);
  }

  @Test
  void buildReturnsTheImagePinnedByTheDigestCloudBuildReported() {
    BuiltImage image = builds.build(new BuildRequest(RELEASE, PROJECT, SPEC));

    assertTrue(image.image().matches(Pattern.quote(REPOSITORY) + "@sha256:[0-9a-f]{64}"), image.image());
    List<Build> all = simBuilds();
    assertEquals(1, all.size());
    Build b = all.get(0);
    assertEquals(b.getId(), image.buildId());
    assertEquals(Build.Status.SUCCESS, b.getStatus());
    assertTrue(b.getTagsList().contains(BuildTags.forBuild(RELEASE)));
    assertEquals(REPOSITORY + "@" + b.getResults().getImages(0).getDigest(), image.image());
  }

  @Test
  void buildingTheSameReleaseTwiceBuildsOnce() {
    BuiltImage first = builds.build(new BuildRequest(RELEASE, PROJECT, SPEC));
    BuiltImage second = builds.build(new BuildRequest(RELEASE, PROJECT, SPEC));
    assertEquals(first, second);
    assertEquals(1, simBuilds().size());
    assertEquals(1, f.calls("CreateBuild").size());
  }

  @Test
  void aRetryWhileTheBuildRunsWaitsOnItFoundByTag() throws Exception {
    CompletableFuture<BuiltImage> first =
        CompletableFuture.supplyAsync(() -> builds.build(new BuildRequest(RELEASE, PROJECT, SPEC)));
    awaitCall("CreateBuild");
    BuiltImage second = builds.build(new BuildRequest(RELEASE, PROJECT, SPEC));
    assertEquals(second, first.get(30, TimeUnit.SECONDS));
    assertEquals(1, f.calls("CreateBuild").size());
    assertEquals(1, simBuilds().size());
  }

  @Test
  void aRetryResumesTheBuildIdItHeartbeatedWithoutListing() {
    Build running = f.sim.cloudBuild().submit(PROJECT, BuildDefinitions.imageBuild(SPEC, BuildTags.forBuild(RELEASE)));
    env.setHeartbeatDetails(running.getId());

    BuiltImage image = builds.build(new BuildRequest(RELEASE, PROJECT, SPEC));

    assertEquals(running.getId(), image.buildId());
    assertEquals(0, f.calls("ListBuilds").size());
    assertEquals(0, f.calls("CreateBuild").size());
  }

  @Test
  void aFailedBuildIsNonRetryableWithItsOutputAndADeliberateRetryBuildsAgain() {
    f.sim.cloudBuild().scriptNextBuild(BuildOutcome.failure("Step #0: COPY failed: file not found in build context: go.sum"));

    ApplicationFailure e = applicationFailure(assertThrows(ActivityFailure.class,
        () -> builds.build(new BuildRequest(RELEASE, PROJECT, SPEC))));

    assertEquals(FailureTypes.BUILD_FAILED, e.getType());
    assertTrue(e.isNonRetryable());
    assertTrue(e.getOriginalMessage().contains("COPY failed: file not found in build context: go.sum"),
        e.getOriginalMessage());
    // The operator fixed the source and retries the step: the failed build is not reused.
    BuiltImage image = builds.build(new BuildRequest(RELEASE, PROJECT, SPEC));
    assertEquals(2, simBuilds().size());
    assertEquals(simBuilds().get(0).getId(), image.buildId());
  }

  @Test
  void configFileBuildsAreRefusedWithAnExplanationAndNoApiCall() {
    ApplicationFailure e = applicationFailure(assertThrows(ActivityFailure.class, () -> builds.build(
        new BuildRequest(RELEASE, PROJECT, new BuildSpec("gs://b/src.tgz", REPOSITORY, null, "cloudbuild.yaml")))));
    assertEquals(FailureTypes.INVALID_ARGUMENT, e.getType());
    assertTrue(e.getOriginalMessage().contains("configFile builds"), e.getOriginalMessage());
    assertTrue(f.sim.calls().calls().isEmpty());
  }

  @Test
  void permissionDeniedSaysWhichRoleTheBuildWorkerNeeds() {
    f.sim.faults().failNext("CreateBuild", 1, Status.Code.PERMISSION_DENIED,
        "The caller does not have permission");
    ApplicationFailure e = applicationFailure(assertThrows(ActivityFailure.class,
        () -> builds.build(new BuildRequest(RELEASE, PROJECT, SPEC))));
    assertEquals(FailureTypes.PERMISSION_DENIED, e.getType());
    assertTrue(e.isNonRetryable());
    assertTrue(e.getOriginalMessage().contains(
        "Grant roles/cloudbuild.builds.editor (cloudbuild.builds.create) on projects/shop-prod to the build worker's"),
        e.getOriginalMessage());
  }

  @Test
  void aTransientCreateFailureIsRetryableAndTheRetryBuildsOnce() {
    f.sim.faults().failNext("CreateBuild", 1, Status.Code.UNAVAILABLE, "Cloud Build is unavailable");
    ApplicationFailure e = applicationFailure(assertThrows(ActivityFailure.class,
        () -> builds.build(new BuildRequest(RELEASE, PROJECT, SPEC))));
    assertFalse(e.isNonRetryable());
    builds.build(new BuildRequest(RELEASE, PROJECT, SPEC));
    assertEquals(1, simBuilds().size());
  }

  @Test
  void artifactTestsRunTheCommandInsideExactlyTheBuiltDigestOnce() {
    BuiltImage image = builds.build(new BuildRequest(RELEASE, PROJECT, SPEC));
    TestReport report = builds.testArtifact(new ArtifactTestRequest(RELEASE, PROJECT, image.image(), TESTS));
    assertTrue(report.passed());

    Build test = f.sim.cloudBuild().build(PROJECT, report.buildId()).orElseThrow();
    assertEquals(image.image(), test.getSteps(0).getName());
    assertEquals("/app/run-tests.sh", test.getSteps(0).getEntrypoint());
    assertEquals(List.of("--ci"), test.getSteps(0).getArgsList());

    assertEquals(report, builds.testArtifact(new ArtifactTestRequest(RELEASE, PROJECT, image.image(), TESTS)));
    assertEquals(2, simBuilds().size(), "one build and one test run");
  }

  @Test
  void failingTestsAreNonRetryableAndCarryTheOutputTail() {
    BuiltImage image = builds.build(new BuildRequest(RELEASE, PROJECT, SPEC));
    f.sim.cloudBuild().failTests(Pattern.quote(image.image()),
        "FAILED tests/test_cart.py::test_total - AssertionError: 41 != 42\n1 failed, 118 passed in 3.2s");

    ApplicationFailure e = applicationFailure(assertThrows(ActivityFailure.class,
        () -> builds.testArtifact(new ArtifactTestRequest(RELEASE, PROJECT, image.image(), TESTS))));

    assertEquals(FailureTypes.ARTIFACT_TESTS_FAILED, e.getType());
    assertTrue(e.isNonRetryable());
    assertTrue(e.getOriginalMessage().contains("1 failed, 118 passed"), e.getOriginalMessage());
    TestReport report = e.getDetails().get(TestReport.class);
    assertFalse(report.passed());
    assertTrue(report.logTail().contains("AssertionError: 41 != 42"), report.logTail());
  }

  private void awaitCall(String method) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 120_000;
    while (f.calls(method).isEmpty()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("no " + method + " call seen");
      }
      Thread.sleep(10);
    }
  }
}
