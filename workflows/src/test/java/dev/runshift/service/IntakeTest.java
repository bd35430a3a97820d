package dev.runshift.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runshift.ports.BuildSpec;
import dev.runshift.ports.ServiceRef;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IntakeTest {
  static final String A = "r/app@sha256:" + "a".repeat(64);
  static final String B = "r/app@sha256:" + "b".repeat(64);

  static ReleaseSubmission req(String image, String key) {
    return ReleaseSubmission.ofImage(image, "test", key, "me");
  }

  static Intake.Known known(String serving, String running, String queued, String... keys) {
    return new Intake.Known(serving, running, queued, Set.of(keys));
  }

  @Test
  void acceptsANewImage() {
    assertEquals(Optional.empty(), Intake.reasonToIgnore(req(B, "k"), known(A, null, null)));
    assertEquals(Optional.empty(), Intake.reasonToIgnore(req(B, null), known(null, null, null)));
  }

  @Test
  void ignoresAKnownDedupeKeyWhateverTheImage() {
    assertTrue(Intake.reasonToIgnore(req(B, "k"), known(A, null, null, "k")).orElseThrow().contains("duplicate"));
  }

  @Test
  void ignoresTheServedImageOnlyWhenIdle() {
    assertTrue(Intake.reasonToIgnore(req(A, null), known(A, null, null)).orElseThrow().contains("already serves"));
    // While B is being released, asking for A again means "go back to A afterwards": accepted.
    assertEquals(Optional.empty(), Intake.reasonToIgnore(req(A, null), known(A, B, null)));
    // ... and checked again when it is about to start.
    assertTrue(Intake.reasonToSkipAtStart(req(A, null), A).isPresent());
    assertEquals(Optional.empty(), Intake.reasonToSkipAtStart(req(A, null), B));
  }

  @Test
  void ignoresTheImageBeingReleasedOrQueued() {
    assertTrue(Intake.reasonToIgnore(req(B, null), known(A, B, null)).orElseThrow().contains("being released"));
    assertTrue(Intake.reasonToIgnore(req(B, null), known(A, A, B)).orElseThrow().contains("queued"));
  }

  @Test
  void ignoresRequestsWithNeitherOrBothArtifacts() {
    BuildSpec build = new BuildSpec("gs://b/o.tgz", "r/app", null, null);
    assertTrue(Intake.reasonToIgnore(
        new ReleaseSubmission(null, null, null, null, "x", null, "me", null), known(null, null, null))
        .orElseThrow().contains("neither"));
    assertTrue(Intake.reasonToIgnore(
        new ReleaseSubmission(A, build, null, null, "x", null, "me", null), known(null, null, null))
        .orElseThrow().contains("both"));
    assertEquals(Optional.empty(), Intake.reasonToIgnore(
        new ReleaseSubmission(null, build, null, null, "x", null, "me", null), known(A, null, null)));
    assertTrue(Intake.reasonToIgnore(null, known(null, null, null)).isPresent());
  }

  @Test
  void idsAreStableAndDistinctPerService() {
    ServiceRef s = new ServiceRef("p", "europe-west1", "api");
    assertEquals("service:p:europe-west1:api", ServiceIds.entityId(s));
    assertEquals(ServiceIds.entityId(new ServiceRef("p", "europe-west1", "api")), ServiceIds.entityId(s));
    assertTrue(!ServiceIds.entityId(s).equals(ServiceIds.entityId(new ServiceRef("p", "us-east1", "api"))));
    assertEquals("service:p:europe-west1:api/r3-1a2b3c4d", ServiceIds.releaseWorkflowId(ServiceIds.entityId(s),
        ServiceIds.releaseId(3, "1a2b3c4d-0000-4000-8000-000000000000")));
    for (String id : List.of(ServiceIds.releaseId(12, "ABC"), ServiceIds.releaseId(1, "0f-1e-2d-3c-4b"))) {
      assertTrue(id.length() <= 20, id);
    }
  }
}
