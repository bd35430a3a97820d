package dev.runshift.testing;

import dev.runshift.policy.RolloutPolicy;
import dev.runshift.ports.BuildSpec;
import dev.runshift.ports.ServiceRef;
import dev.runshift.ports.TestSpec;
import dev.runshift.release.ReleaseRequest;
import dev.runshift.release.RevisionNames;
import dev.runshift.traffic.TrafficMap;
import dev.runshift.traffic.TrafficTarget;
import java.time.Duration;
import java.util.List;

/** Release requests and service fixtures for tests. */
public final class Releases {
  public static final ServiceRef SERVICE = new ServiceRef("shop-prod", "europe-west1", "checkout");
  public static final String REPOSITORY = "europe-west1-docker.pkg.dev/shop-prod/apps/checkout";

  /** Two stable revisions and an unrelated tagged revision with no traffic. */
  public static final TrafficMap SERVING = TrafficMap.of(
      TrafficTarget.revision("checkout-00041-abc", 70),
      TrafficTarget.revision("checkout-00042-def", 30),
      TrafficTarget.tagged("checkout-00040-old", 0, "blue"));

  private Releases() {}

  /** A release of an already built image. */
  public static ReleaseRequest ofImage(String releaseId, RolloutPolicy policy) {
    return new ReleaseRequest(releaseId, SERVICE, FakeBuildService.imageFor(REPOSITORY, "prebuilt-" + releaseId),
        null, null, policy, "test");
  }

  /** A release from source: build, then test the artifact, then roll out. */
  public static ReleaseRequest fromSource(String releaseId, RolloutPolicy policy) {
    return new ReleaseRequest(releaseId, SERVICE, null,
        new BuildSpec("gs://shop-src/checkout-" + releaseId + ".tar.gz", REPOSITORY, "Dockerfile", null),
        new TestSpec(List.of("./run-tests.sh"), Duration.ofMinutes(10)), policy, "test");
  }

  public static String candidate(String releaseId) {
    return RevisionNames.candidate(SERVICE.service(), releaseId);
  }
}
