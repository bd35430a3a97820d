package dev.runshift.ports;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Builds images and tests them, with build rights only (served on the {@code build} task queue).
 * The identity behind this port can never change a Cloud Run service.
 */
@ActivityInterface(namePrefix = "Build.")
public interface BuildService {

  /**
   * Builds {@code request.spec()} once per release id: a retry finds and waits on the build that an
   * earlier attempt started instead of starting another. Returns the pushed image pinned by digest.
   */
  @ActivityMethod
  BuiltImage build(BuildRequest request);

  /**
   * Runs the configured tests inside exactly {@code request.image()} (an {@code image@sha256:} reference).
   * Fails with a non-retryable {@link FailureTypes#ARTIFACT_TESTS_FAILED} carrying the tail of the output
   * when the tests fail; idempotent per release id.
   */
  @ActivityMethod
  TestReport testArtifact(ArtifactTestRequest request);
}
