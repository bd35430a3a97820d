package dev.runshift.activities.registry;

import dev.runshift.ports.ImageRegistry;
import io.temporal.failure.ApplicationFailure;

/**
 * The {@link ImageRegistry} until an Artifact Registry implementation exists: a digest reference
 * resolves to itself; a tag is refused with a non-retryable, explicit failure (so a fleet given a tag
 * fails at once with that message instead of guessing).
 */
public final class DigestOnlyImageRegistry implements ImageRegistry {
  public static final String NOT_SUPPORTED = "TagResolutionNotSupported";

  @Override
  public String resolveDigest(String image) {
    if (image != null && image.contains("@sha256:")) {
      return image;
    }
    throw ApplicationFailure.newNonRetryableFailure(
        "cannot resolve tag " + image + ": this worker has no Artifact Registry client yet; pass the image by"
            + " digest (repository@sha256:...)",
        NOT_SUPPORTED);
  }

}
