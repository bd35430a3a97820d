package dev.runshift.ports;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Reads an image registry (Artifact Registry). Served on the {@code deploy} task queue: resolving an
 * image is part of deciding what to deploy.
 */
@ActivityInterface(namePrefix = "ImageRegistry.")
public interface ImageRegistry {

  /**
   * Resolves {@code image} ({@code repository:tag} or {@code repository@sha256:…}) to
   * {@code repository@sha256:…}. A digest reference is returned unchanged. An unknown tag is a
   * non-retryable {@link FailureTypes#NOT_FOUND}.
   */
  @ActivityMethod
  String resolveDigest(String image);
}
