package dev.runshift.trigger;

import dev.runshift.config.ServiceTarget;
import dev.runshift.service.ReleaseSubmission;

/**
 * A release a build notification asks for: {@code image} ({@code repository@sha256:…}) to one service.
 *
 * @param origin {@code cloud-build:<buildId>}
 * @param dedupeKey {@code cloud-build:<buildId>:<image>}: the same build's image is released once, however
 *     often the notification is delivered
 */
public record RoutedRelease(ServiceTarget target, String image, String origin, String dedupeKey) {

  /** What the service entity receives. */
  public ReleaseSubmission submission() {
    return new ReleaseSubmission(
        image, null, null, target.policy(), origin, dedupeKey, "cloud-build", target.mode());
  }
}
