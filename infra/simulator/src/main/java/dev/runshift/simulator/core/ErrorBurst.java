package dev.runshift.simulator.core;

import java.time.Instant;

/**
 * A time window {@code [from, to)} in which requests fail with 5xx at {@code errorRate}, whatever the image's
 * own rate: on every revision of {@code service} (a full name {@code projects/P/locations/L/services/S}),
 * on every revision running {@code image} (an exact reference), or on the revisions of {@code service}
 * running {@code image} when both are given. Where bursts overlap, the one added last wins.
 */
public record ErrorBurst(String service, String image, Instant from, Instant to, double errorRate) {

  public ErrorBurst {
    if (service == null && image == null) {
      throw new IllegalArgumentException("an error burst needs a service, an image, or both");
    }
    if (from == null || to == null) {
      throw new IllegalArgumentException("an error burst needs from and to");
    }
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("an error burst's from must be before its to, was from " + from + " to " + to);
    }
    if (!(errorRate >= 0 && errorRate <= 1)) {
      throw new IllegalArgumentException("errorRate must be a fraction in [0, 1], was " + errorRate);
    }
  }

  /** Every revision of {@code service} answers {@code errorRate} 5xx in {@code [from, to)}. */
  public static ErrorBurst ofService(String service, Instant from, Instant to, double errorRate) {
    return new ErrorBurst(service, null, from, to, errorRate);
  }

  /** Every revision running {@code image} answers {@code errorRate} 5xx in {@code [from, to)}. */
  public static ErrorBurst ofImage(String image, Instant from, Instant to, double errorRate) {
    return new ErrorBurst(null, image, from, to, errorRate);
  }

  /** Whether the burst concerns {@code image} running on {@code service}. */
  public boolean appliesTo(String service, String image) {
    return (this.service == null || this.service.equals(service)) && (this.image == null || this.image.equals(image));
  }

  /** Whether {@code t} lies in {@code [from, to)}. */
  public boolean covers(Instant t) {
    return !t.isBefore(from) && t.isBefore(to);
  }
}
