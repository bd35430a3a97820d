package dev.runshift.policy;

import java.time.Duration;

/**
 * The bounds {@link RolloutPolicy#validated()} enforces, in one place, with why each is what it is.
 * Together they guarantee that no policy the validator accepts can overflow the release's time
 * arithmetic (every duration is at most a few days, far below {@code Long.MAX_VALUE} milliseconds) or
 * grow its history past {@link #MAX_LOOKS} looks.
 */
public final class PolicyLimits {
  private PolicyLimits() {}

  /**
   * The shortest analysis interval: one second, the finest sample period any Monitoring the release
   * reads produces (the local simulator's; Cloud Monitoring samples Cloud Run every 60 s). A look more
   * often than the sample period can only re-read the same periods. The number of looks, and so the
   * history and the Monitoring calls of a release, is bounded by {@link #MAX_LOOKS}, not by this.
   */
  public static final Duration MIN_ANALYSIS_INTERVAL = Duration.ofSeconds(1);

  /** The longest analysis interval: a release that looks less than hourly cannot react to harm. */
  public static final Duration MAX_ANALYSIS_INTERVAL = Duration.ofHours(1);

  /** The longest soak per step: a week. */
  public static final Duration MAX_SOAK = Duration.ofDays(7);

  /** The longest wait for traffic per step: a week. */
  public static final Duration MAX_WAIT_FOR_TRAFFIC = Duration.ofDays(7);

  /**
   * The most looks one release makes (a look: a durable timer, a metrics read and two workflow tasks,
   * about 11 history events). The validator rejects a policy whose steps could need more
   * ({@code steps × ((soak + maxWaitForTraffic) / analysisInterval + 1)}); when a release still reaches it
   * (paused for long, {@code maxWaitForTraffic} unset, operator retries), it stops looking and waits for
   * an operator with traffic held. 2,000 looks are about 22,000 events: under half of the 51,200 at which
   * Temporal stops a workflow.
   */
  public static final int MAX_LOOKS = 2_000;

  /** The shortest time transient Google API errors are retried before the release waits for an operator. */
  public static final Duration MIN_TRANSIENT_RETRY = Duration.ofMinutes(1);

  /** The longest: a day; an outage longer than that deserves a human. */
  public static final Duration MAX_TRANSIENT_RETRY = Duration.ofDays(1);

  /** The most consecutive unhealthy verdicts a threshold policy may wait for. */
  public static final int MAX_FAILURE_LIMIT = 100;

  /** The longest timeout of one smoke request. */
  public static final Duration MAX_SMOKE_TIMEOUT = Duration.ofMinutes(5);

  /** The most smoke requests. */
  public static final int MAX_SMOKE_COUNT = 100;

  /** The longest artifact test run a release request may ask for. */
  public static final Duration MAX_TEST_TIMEOUT = Duration.ofDays(1);

  /**
   * The most looks {@code policy} can need without an operator: every step undecided for its whole
   * soak and maxWaitForTraffic (a soak alone when that is unset), a look per analysis interval plus the
   * first. Saturates instead of overflowing; call it only on policies whose durations are set.
   */
  public static long looksNeeded(RolloutPolicy policy) {
    Duration wait = policy.maxWaitForTraffic() == null ? policy.soak() : policy.soak().plus(policy.maxWaitForTraffic());
    long perStep = wait.dividedBy(policy.analysisInterval()) + 1;
    long steps = policy.steps().size();
    return perStep > Long.MAX_VALUE / steps ? Long.MAX_VALUE : perStep * steps;
  }
}
