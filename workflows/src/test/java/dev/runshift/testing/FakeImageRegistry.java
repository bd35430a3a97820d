package dev.runshift.testing;

import dev.runshift.ports.FailureTypes;
import dev.runshift.ports.ImageRegistry;
import io.temporal.failure.ApplicationFailure;
import java.util.HashMap;
import java.util.Map;

/**
 * An in-memory registry keeping the {@link ImageRegistry} contract: tags resolve to the digest they were
 * given, a digest reference resolves to itself, an unknown tag is a non-retryable NotFound.
 */
public class FakeImageRegistry implements ImageRegistry {
  private final Map<String, String> tags = new HashMap<>();
  private int resolves;

  /** Tag {@code repository:tag} now points at {@code repository@digest}. */
  public synchronized FakeImageRegistry tag(String taggedImage, String digestImage) {
    tags.put(taggedImage, digestImage);
    return this;
  }

  public synchronized int resolves() {
    return resolves;
  }

  @Override
  public synchronized String resolveDigest(String image) {
    resolves++;
    if (image.contains("@sha256:")) {
      return image;
    }
    String digest = tags.get(image);
    if (digest == null) {
      throw ApplicationFailure.newNonRetryableFailure("image " + image + " not found", FailureTypes.NOT_FOUND);
    }
    return digest;
  }
}
