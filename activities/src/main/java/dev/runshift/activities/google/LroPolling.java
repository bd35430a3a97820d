package dev.runshift.activities.google;

import com.google.api.gax.longrunning.OperationTimedPollAlgorithm;
import com.google.api.gax.retrying.RetrySettings;
import java.time.Duration;
import java.util.Objects;

/**
 * How often a step polls a long-running operation: first after {@code initialDelay}, then each wait
 * {@code multiplier} times longer, never longer than {@code maxDelay}.
 *
 * <p>There is deliberately no total timeout here: the client's own LRO deadline is set to
 * {@link #CLIENT_TOTAL_TIMEOUT}, far beyond any activity timeout, so that how long a step may wait is
 * decided by the workflow's StartToClose and heartbeat timeouts alone, never by a hidden client default.
 */
public record LroPolling(Duration initialDelay, double multiplier, Duration maxDelay) {

  /** Longer than any activity timeout the workflow sets; the activity timeout always fires first. */
  public static final Duration CLIENT_TOTAL_TIMEOUT = Duration.ofDays(7);

  public LroPolling {
    Objects.requireNonNull(initialDelay, "initialDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (initialDelay.isNegative() || initialDelay.isZero()) {
      throw new IllegalArgumentException("initialDelay must be positive, was " + initialDelay);
    }
    if (multiplier < 1.0) {
      throw new IllegalArgumentException("multiplier must be >= 1, was " + multiplier);
    }
    if (maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException("maxDelay " + maxDelay + " is shorter than initialDelay " + initialDelay);
    }
  }

  /** Cloud Run deploys and traffic changes: a revision is usually ready within seconds to a minute. */
  public static LroPolling deploy() {
    return new LroPolling(Duration.ofSeconds(1), 1.5, Duration.ofSeconds(10));
  }

  /** Cloud Build: builds take minutes; polling faster than every 15 s buys nothing. */
  public static LroPolling build() {
    return new LroPolling(Duration.ofSeconds(2), 1.5, Duration.ofSeconds(15));
  }

  /** The delay before poll number {@code attempt} (0-based). */
  public Duration delayBefore(int attempt) {
    double millis = initialDelay.toMillis() * Math.pow(multiplier, attempt);
    return millis >= maxDelay.toMillis() ? maxDelay : Duration.ofMillis((long) millis);
  }

  /** These settings as a gax polling algorithm for an {@code OperationCallSettings}. */
  public OperationTimedPollAlgorithm toPollAlgorithm() {
    return OperationTimedPollAlgorithm.create(
        RetrySettings.newBuilder()
            .setInitialRetryDelayDuration(initialDelay)
            .setRetryDelayMultiplier(multiplier)
            .setMaxRetryDelayDuration(maxDelay)
            .setInitialRpcTimeoutDuration(Duration.ZERO)
            .setRpcTimeoutMultiplier(1.0)
            .setMaxRpcTimeoutDuration(Duration.ZERO)
            .setTotalTimeoutDuration(CLIENT_TOTAL_TIMEOUT)
            .build());
  }
}
