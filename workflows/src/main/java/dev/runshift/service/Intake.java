package dev.runshift.service;

import java.util.Collection;
import java.util.Optional;

/**
 * Decides whether a service takes a release request. Pure: the same request against the same knowledge
 * always gives the same answer.
 */
final class Intake {
  private Intake() {}

  /**
   * What the entity knows when a request arrives.
   *
   * @param servingImage the image the service is known to serve, or null
   * @param runningImage the image of the running release, or null when idle (or when it builds)
   * @param queuedImage the image of the waiting request, or null
   */
  record Known(String servingImage, String runningImage, String queuedImage, Collection<String> dedupeKeys) {}

  /** Empty to accept the request; otherwise why it is ignored. */
  static Optional<String> reasonToIgnore(ReleaseSubmission request, Known known) {
    if (request == null) {
      return Optional.of("empty request");
    }
    boolean hasImage = request.image() != null && !request.image().isBlank();
    boolean hasBuild = request.build() != null;
    if (hasImage == hasBuild) {
      return Optional.of(
          hasImage
              ? "request names both an image and a build; send exactly one"
              : "request names neither an image nor a build");
    }
    if (request.dedupeKey() != null && known.dedupeKeys().contains(request.dedupeKey())) {
      return Optional.of("duplicate of an accepted request (dedupe key " + request.dedupeKey() + ")");
    }
    if (hasImage) {
      if (request.image().equals(known.runningImage())) {
        return Optional.of("image is already being released");
      }
      if (request.image().equals(known.queuedImage())) {
        return Optional.of("image is already queued");
      }
      if (known.runningImage() == null && request.image().equals(known.servingImage())) {
        return Optional.of(alreadyServing());
      }
    }
    return Optional.empty();
  }

  /**
   * Checked again when a queued request is about to run: what the service serves may have changed
   * while it waited. Empty to run it.
   */
  static Optional<String> reasonToSkipAtStart(ReleaseSubmission request, String servingImage) {
    if (request.image() != null && request.image().equals(servingImage)) {
      return Optional.of(alreadyServing());
    }
    return Optional.empty();
  }

  private static String alreadyServing() {
    return "service already serves this image";
  }
}
