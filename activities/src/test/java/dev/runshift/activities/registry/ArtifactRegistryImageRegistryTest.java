package dev.runshift.activities.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloudbuild.v1.Build;
import dev.runshift.activities.SimulatorFixture;
import dev.runshift.ports.FailureTypes;
import dev.runshift.ports.ImageRegistry;
import dev.runshift.simulator.core.SimClock;
import dev.runshift.simulator.core.SimConfig;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ArtifactRegistryImageRegistry} against the simulator through the official Artifact Registry
 * client, as an activity: tags pushed by a simulated Cloud Build build resolve to the digest it reported.
 */
class ArtifactRegistryImageRegistryTest {
  private static final String REPOSITORY = SimulatorFixture.REPOSITORY;
  private static final String DIGEST = "sha256:" + "c".repeat(64);

  private SimulatorFixture f;
  private TestActivityEnvironment env;
  private ImageRegistry registry;

  @BeforeEach
  void start() {
    f = new SimulatorFixture(
        SimConfig.defaults().withBuildDelays(Duration.ofMillis(50), Duration.ofMillis(100)), SimClock.system());
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new ArtifactRegistryImageRegistry(f.clients));
    registry = env.newActivityStub(ImageRegistry.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());
  }

  @AfterEach
  void stop() {
    env.close();
    f.close();
  }

  @Test
  void aTagABuildPushedResolvesToTheDigestTheBuildReported() throws InterruptedException {
    Build queued = f.sim.cloudBuild().startBuild("shop-prod", REPOSITORY + ":v2");
    Build done = awaitEnd(queued);
    assertEquals(Build.Status.SUCCESS, done.getStatus());
    String digest = done.getResults().getImages(0).getDigest();

    assertEquals(REPOSITORY + "@" + digest, registry.resolveDigest(REPOSITORY + ":v2"));
    assertEquals(1, f.calls("GetTag").size());
  }

  @Test
  void aMovedTagResolvesToWhereItPointsNow() {
    f.sim.registry().tag(REPOSITORY + ":stable", "sha256:" + "1".repeat(64));
    f.sim.registry().tag(REPOSITORY + ":stable", DIGEST);
    assertEquals(REPOSITORY + "@" + DIGEST, registry.resolveDigest(REPOSITORY + ":stable"));
  }

  @Test
  void noTagMeansLatestAndNestedPackagesResolve() {
    f.sim.registry().tag(REPOSITORY + ":latest", DIGEST);
    assertEquals(REPOSITORY + "@" + DIGEST, registry.resolveDigest(REPOSITORY));
    String nested = "europe-west1-docker.pkg.dev/shop-prod/apps/team/api";
    f.sim.registry().tag(nested + ":v1", DIGEST);
    assertEquals(nested + "@" + DIGEST, registry.resolveDigest(nested + ":v1"));
  }

  @Test
  void anUnknownTagIsANonRetryableNotFoundNamingTheTag() {
    f.sim.registry().tag(REPOSITORY + ":v1", DIGEST);
    ApplicationFailure af = failure(() -> registry.resolveDigest(REPOSITORY + ":v9"));
    assertEquals(FailureTypes.NOT_FOUND, af.getType());
    assertTrue(af.isNonRetryable());
    assertTrue(af.getOriginalMessage().contains(
        "projects/shop-prod/locations/europe-west1/repositories/apps/packages/checkout/tags/v9"),
        af.getOriginalMessage());
  }

  @Test
  void aDigestReferencePassesThroughWithoutACall() {
    String pinned = SimulatorFixture.image("pinned");
    assertEquals(pinned, registry.resolveDigest(pinned));
    assertTrue(f.calls("GetTag").isEmpty());
  }

  @Test
  void otherRegistriesAreRefusedWithoutACall() {
    for (String image : new String[] {"gcr.io/shop-prod/checkout:v2", "docker.io/library/nginx:1.27", "nginx"}) {
      ApplicationFailure af = failure(() -> registry.resolveDigest(image));
      assertEquals(FailureTypes.INVALID_ARGUMENT, af.getType(), image);
      assertTrue(af.isNonRetryable());
      assertTrue(af.getOriginalMessage().contains("only Artifact Registry tags"), af.getOriginalMessage());
      assertTrue(af.getOriginalMessage().contains("pin a digest"), af.getOriginalMessage());
    }
    assertTrue(f.calls("GetTag").isEmpty());
  }

  @Test
  void aDeniedReadSaysWhichRoleToGrant() {
    f.sim.registry().tag(REPOSITORY + ":v2", DIGEST);
    f.sim.faults().failNext("GetTag", 1, io.grpc.Status.Code.PERMISSION_DENIED, "Permission denied");
    ApplicationFailure af = failure(() -> registry.resolveDigest(REPOSITORY + ":v2"));
    assertEquals(FailureTypes.PERMISSION_DENIED, af.getType());
    assertTrue(af.isNonRetryable());
    assertTrue(af.getOriginalMessage().contains("roles/artifactregistry.reader"), af.getOriginalMessage());
  }

  private static ApplicationFailure failure(Runnable call) {
    ActivityFailure e = assertThrows(ActivityFailure.class, call::run);
    return SimulatorFixture.applicationFailure(e);
  }

  private Build awaitEnd(Build queued) {
    Instant deadline = Instant.now().plusSeconds(120);
    while (Instant.now().isBefore(deadline)) {
      Build b = f.sim.cloudBuild().build("shop-prod", queued.getId()).orElseThrow();
      if (b.getStatus() != Build.Status.QUEUED && b.getStatus() != Build.Status.WORKING) {
        return b;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("build " + queued.getId() + " did not end");
  }
}
