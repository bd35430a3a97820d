package dev.runshift.activities.cloudbuild;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloudbuild.v1.Build;
import dev.runshift.ports.BuildSpec;
import dev.runshift.ports.TestSpec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuildDefinitionsTest {
  private static final String REPO = "europe-west1-docker.pkg.dev/p/apps/web";
  private static final String DIGEST = REPO + "@sha256:" + "ab".repeat(32);

  @Test
  void tagsAreStablePerReleaseDistinctPerPurposeAndValidForCloudBuild() {
    String weird = "release: ünïcode/with spaces & more " + "x".repeat(300);
    assertEquals(BuildTags.forBuild("r1"), BuildTags.forBuild("r1"));
    assertNotEquals(BuildTags.forBuild("r1"), BuildTags.forBuild("r2"));
    assertNotEquals(BuildTags.forBuild("r1"), BuildTags.forTest("r1"));
    for (String tag : List.of(BuildTags.forBuild(weird), BuildTags.forTest(weird))) {
      assertTrue(tag.matches("^[\\w][\\w.-]{0,127}$"), tag);
    }
  }

  @Test
  void imageBuildBuildsTheSourceWithDockerAndListsTheImageToPush() {
    String tag = BuildTags.forBuild("r1");
    Build b = BuildDefinitions.imageBuild(new BuildSpec("gs://src-bucket/app/src.tar.gz", REPO, null, null), tag);
    assertEquals("src-bucket", b.getSource().getStorageSource().getBucket());
    assertEquals("app/src.tar.gz", b.getSource().getStorageSource().getObject());
    assertEquals(BuildDefinitions.DOCKER_BUILDER, b.getSteps(0).getName());
    assertEquals(List.of("build", "--tag", REPO + ":" + tag, "--file", "Dockerfile", "."), b.getSteps(0).getArgsList());
    assertEquals(List.of(REPO + ":" + tag), b.getImagesList());
    assertTrue(b.getTagsList().contains(tag));
  }

  @Test
  void configFileOnlySpecsAreRejectedWithAnExplanation() {
    var e = assertThrows(BuildDefinitions.UnsupportedSpecException.class, () -> BuildDefinitions.imageBuild(
        new BuildSpec("gs://b/o.tgz", REPO, null, "cloudbuild.yaml"), "t"));
    assertTrue(e.getMessage().contains("trigger"), e.getMessage());
  }

  @Test
  void badSourcesAndRepositoriesAreRejected() {
    assertThrows(BuildDefinitions.UnsupportedSpecException.class,
        () -> BuildDefinitions.imageBuild(new BuildSpec("/local/dir", REPO, null, null), "t"));
    assertThrows(BuildDefinitions.UnsupportedSpecException.class,
        () -> BuildDefinitions.imageBuild(new BuildSpec("gs://b/o", REPO + ":latest", null, null), "t"));
  }

  @Test
  void testBuildRunsTheCommandInsideExactlyTheDigest() {
    Build b = BuildDefinitions.testBuild(
        DIGEST, new TestSpec(List.of("/app/run-tests", "--fast"), Duration.ofMinutes(5)), "tt");
    assertEquals(DIGEST, b.getSteps(0).getName());
    assertEquals("/app/run-tests", b.getSteps(0).getEntrypoint());
    assertEquals(List.of("--fast"), b.getSteps(0).getArgsList());
    assertEquals(300, b.getTimeout().getSeconds());
    assertThrows(BuildDefinitions.UnsupportedSpecException.class,
        () -> BuildDefinitions.testBuild(REPO + ":latest", new TestSpec(List.of("x"), null), "tt"));
  }

  @Test
  void tailKeepsTheLastLines() {
    StringBuilder s = new StringBuilder();
    for (int i = 1; i <= 100; i++) {
      s.append("line ").append(i).append('\n');
    }
    String tail = CloudBuildActivities.tail(s.toString().strip());
    assertTrue(tail.endsWith("line 100"));
    assertTrue(tail.startsWith("line 71"), tail);
  }
}
