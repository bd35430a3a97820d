package dev.runshift.release;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runshift.policy.RolloutPolicy;
import dev.runshift.ports.BuildSpec;
import dev.runshift.ports.ServiceRef;
import dev.runshift.ports.TestSpec;
import dev.runshift.policy.PolicyBuilder;
import dev.runshift.testing.Releases;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReleaseRequestValidatorTest {
  private static final RolloutPolicy POLICY = RolloutPolicy.defaults();
  private static final String IMAGE = "europe-west1-docker.pkg.dev/p/r/app@sha256:" + "a".repeat(64);
  private static final BuildSpec BUILD = new BuildSpec("gs://b/src.tar.gz", "europe-west1-docker.pkg.dev/p/r/app",
      null, null);

  private static ReleaseRequest request(String id, ServiceRef service, String image, BuildSpec build,
      TestSpec tests, RolloutPolicy policy) {
    return new ReleaseRequest(id, service, image, build, tests, policy, "test");
  }

  private static void assertRejected(ReleaseRequest request, String mention) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ReleaseRequestValidator.validate(request));
    assertTrue(e.getMessage().contains(mention), e.getMessage());
  }

  @Test
  void validRequestsPass() {
    assertDoesNotThrow(() -> ReleaseRequestValidator.validate(Releases.ofImage("r1", POLICY)));
    assertDoesNotThrow(() -> ReleaseRequestValidator.validate(Releases.fromSource("r1", POLICY)));
  }

  @Test
  void rejectsMissingOrUnusableFields() {
    assertRejected(null, "request is missing");
    assertRejected(request(" ", Releases.SERVICE, IMAGE, null, null, POLICY), "releaseId");
    assertRejected(request("r", null, IMAGE, null, null, POLICY), "service");
    assertRejected(request("r", new ServiceRef("p", "r", "Bad_Name"), IMAGE, null, null, POLICY), "service.service");
    assertRejected(request("r", Releases.SERVICE, null, null, null, POLICY), "exactly one of image and build");
    assertRejected(request("r", Releases.SERVICE, IMAGE, BUILD, null, POLICY), "exactly one of image and build");
    assertRejected(request("r", Releases.SERVICE, "app:latest", null, null, POLICY), "pinned by digest");
    assertRejected(request("r", Releases.SERVICE, null, new BuildSpec("", "repo", null, null), null, POLICY),
        "build.source");
    assertRejected(request("r", Releases.SERVICE, IMAGE, null, new TestSpec(List.of(), null), POLICY),
        "tests.command");
    assertRejected(request("r", Releases.SERVICE, IMAGE, null,
        new TestSpec(List.of("make", "test"), Duration.ZERO), POLICY), "tests.timeout");
    assertRejected(request("r", Releases.SERVICE, IMAGE, null, null, null), "policy");
    assertRejected(request("r", Releases.SERVICE, IMAGE, null, null,
        PolicyBuilder.defaults().failureLimit(0).raw()), "failureLimit = 0");
  }
}
