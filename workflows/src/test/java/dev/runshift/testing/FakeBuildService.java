package dev.runshift.testing;

import dev.runshift.ports.ArtifactTestRequest;
import dev.runshift.ports.BuildRequest;
import dev.runshift.ports.BuildService;
import dev.runshift.ports.BuiltImage;
import dev.runshift.ports.FailureTypes;
import dev.runshift.ports.TestReport;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * An in-memory build service: a build of a release id yields {@code <repository>@sha256:<sha256 of the
 * release id>}. Counts every call so tests can assert that an image was built exactly once; artifact
 * tests pass unless told to fail.
 */
public class FakeBuildService implements BuildService {
  private final List<BuildRequest> builds = new ArrayList<>();
  private final List<ArtifactTestRequest> tests = new ArrayList<>();
  private String failTestsWith;

  /** The digest-pinned image a build of {@code releaseId} into {@code repository} produces. */
  public static String imageFor(String repository, String releaseId) {
    return repository + "@sha256:" + sha256(releaseId);
  }

  /** Artifact tests fail (non-retryable ArtifactTestsFailed with {@code output}) until {@code null}. */
  public synchronized void failTestsWith(String output) {
    failTestsWith = output;
  }

  public synchronized int builds() {
    return builds.size();
  }

  public synchronized int tests() {
    return tests.size();
  }

  public synchronized List<ArtifactTestRequest> testRequests() {
    return List.copyOf(tests);
  }

  @Override
  public synchronized BuiltImage build(BuildRequest request) {
    builds.add(request);
    return new BuiltImage(
        imageFor(request.spec().imageRepository(), request.releaseId()), "build-" + request.releaseId());
  }

  @Override
  public synchronized TestReport testArtifact(ArtifactTestRequest request) {
    tests.add(request);
    if (failTestsWith != null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "artifact tests failed: " + failTestsWith, FailureTypes.ARTIFACT_TESTS_FAILED);
    }
    return new TestReport(true, "test-" + request.releaseId(), "all tests passed");
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
