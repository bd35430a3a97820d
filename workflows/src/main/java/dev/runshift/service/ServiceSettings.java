package dev.runshift.service;

import dev.runshift.policy.RolloutPolicy;

/**
 * How one service's entity behaves. Read when the entity starts and carried across continue-as-new;
 * a signal-with-start to an entity that is already running does not change them.
 *
 * @param defaultMode queueing when a request does not say
 * @param defaultPolicy the policy when a request does not carry one; null: {@link RolloutPolicy#defaults()}
 * @param learnServingImage on first start, ask Cloud Run which image the service serves, so that a
 *     request for it is recognised as a no-op
 * @param maxReleasesPerRun continue-as-new (when idle) after this many releases in one run
 * @param maxHistoryEvents continue-as-new (when idle) once the run's history has this many events, even
 *     if the server has not suggested it yet
 * @param historyLimit past releases kept for {@code status()}
 * @param ignoredLimit ignored requests and controls kept for {@code status()}
 * @param dedupeLimit dedupe keys remembered (the oldest are forgotten first)
 */
public record ServiceSettings(
    QueueMode defaultMode,
    RolloutPolicy defaultPolicy,
    boolean learnServingImage,
    int maxReleasesPerRun,
    long maxHistoryEvents,
    int historyLimit,
    int ignoredLimit,
    int dedupeLimit) {

  public ServiceSettings {
    if (defaultMode == null) {
      defaultMode = QueueMode.NEWEST_WINS;
    }
    requirePositive("maxReleasesPerRun", maxReleasesPerRun);
    requirePositive("maxHistoryEvents", maxHistoryEvents);
    requirePositive("historyLimit", historyLimit);
    requirePositive("ignoredLimit", ignoredLimit);
    requirePositive("dedupeLimit", dedupeLimit);
  }

  /** Newest wins, default policy, learn the serving image, roll over every 50 releases or 10k events. */
  public static ServiceSettings defaults() {
    return new ServiceSettings(QueueMode.NEWEST_WINS, null, true, 50, 10_000, 20, 20, 500);
  }

  public ServiceSettings withDefaultMode(QueueMode mode) {
    return new ServiceSettings(
        mode, defaultPolicy, learnServingImage, maxReleasesPerRun, maxHistoryEvents, historyLimit,
        ignoredLimit, dedupeLimit);
  }

  public ServiceSettings withLearnServingImage(boolean learn) {
    return new ServiceSettings(
        defaultMode, defaultPolicy, learn, maxReleasesPerRun, maxHistoryEvents, historyLimit,
        ignoredLimit, dedupeLimit);
  }

  public ServiceSettings withMaxReleasesPerRun(int max) {
    return new ServiceSettings(
        defaultMode, defaultPolicy, learnServingImage, max, maxHistoryEvents, historyLimit,
        ignoredLimit, dedupeLimit);
  }

  public ServiceSettings withDefaultPolicy(RolloutPolicy policy) {
    return new ServiceSettings(
        defaultMode, policy, learnServingImage, maxReleasesPerRun, maxHistoryEvents, historyLimit,
        ignoredLimit, dedupeLimit);
  }

  public ServiceSettings withLimits(int history, int ignored, int dedupe) {
    return new ServiceSettings(
        defaultMode, defaultPolicy, learnServingImage, maxReleasesPerRun, maxHistoryEvents, history,
        ignored, dedupe);
  }

  private static void requirePositive(String field, long value) {
    if (value < 1) {
      throw new IllegalArgumentException("service settings: " + field + " must be >= 1, was " + value);
    }
  }
}
