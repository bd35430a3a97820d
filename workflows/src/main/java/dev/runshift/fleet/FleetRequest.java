package dev.runshift.fleet;

import dev.runshift.policy.RolloutPolicy;
import java.time.Duration;
import java.util.List;

/**
 * What a fleet redeploy does.
 *
 * @param image the target: {@code repository@sha256:…}, or {@code repository:tag} resolved once at the
 *     start so every service gets the same digest
 * @param waves cumulative wave ends, counts or percentages ({@code 1, 5%, 25%, 100%}); see {@link Waves}
 * @param maxInFlight at most this many of the fleet's releases unsettled at once
 * @param maxFailures stop starting new releases once this many have failed (0: use the percentage only)
 * @param maxFailurePercent stop once failures reach this share of the selected services, rounded up,
 *     at least 1 (null: use the count only); with both, the smaller limit applies
 * @param policy rollout policy for every release; null: each service's default
 * @param bakeTime wait after each wave (except the last) before the next starts; null: none
 * @param approvalBetweenWaves wait for {@code approve} after each wave (except the last)
 * @param writesPerMinutePerRegion the Cloud Run write quota to stay under; 0: no pacing
 * @param writesPerRelease Cloud Run writes one release makes (deploy, each shift, promote); 0: estimate
 *     from the policy ({@code steps + 2}) or 6
 * @param servicesPerRun continue as new after starting this many services in one run
 */
public record FleetRequest(
    FleetSelector selector,
    String image,
    List<String> waves,
    int maxInFlight,
    int maxFailures,
    Double maxFailurePercent,
    RolloutPolicy policy,
    Duration bakeTime,
    boolean approvalBetweenWaves,
    int writesPerMinutePerRegion,
    int writesPerRelease,
    int servicesPerRun,
    String requestedBy) {

  public FleetRequest {
    waves = waves == null || waves.isEmpty() ? List.of("100%") : List.copyOf(waves);
    if (servicesPerRun <= 0) {
      servicesPerRun = 100;
    }
  }

  /** A fleet of {@code image} over {@code selector}: waves 1, 10%, 100%, 10 in flight, stop at the first failure. */
  public static FleetRequest of(FleetSelector selector, String image) {
    return new FleetRequest(selector, image, List.of("1", "10%", "100%"), 10, 1, null, null, null, false, 0, 0, 100, null);
  }

  /** Checks the request; throws {@link IllegalArgumentException} naming the first problem. */
  public FleetRequest validated() {
    if (selector == null || selector.projects().isEmpty() || selector.regions().isEmpty()) {
      throw new IllegalArgumentException("fleet: at least one project and one region must be selected");
    }
    if (image == null || image.isBlank()) {
      throw new IllegalArgumentException("fleet: an image (repository@sha256:… or repository:tag) is required");
    }
    Waves.validate(waves);
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("fleet: maxInFlight must be >= 1, was " + maxInFlight);
    }
    if (maxFailures < 0 || (maxFailures == 0 && maxFailurePercent == null)) {
      throw new IllegalArgumentException("fleet: a failure budget (count >= 1 or a percentage) is required");
    }
    if (maxFailurePercent != null && (maxFailurePercent <= 0 || maxFailurePercent > 100)) {
      throw new IllegalArgumentException("fleet: maxFailurePercent must be in (0, 100]");
    }
    if (bakeTime != null && bakeTime.isNegative()) {
      throw new IllegalArgumentException("fleet: bakeTime must not be negative");
    }
    if (writesPerMinutePerRegion < 0 || writesPerRelease < 0) {
      throw new IllegalArgumentException("fleet: write pacing values must not be negative");
    }
    if (policy != null) {
      policy.validated();
    }
    return this;
  }

  /** Failures after which no new release starts, for {@code total} selected services. */
  public int failureLimit(int total) {
    int byCount = maxFailures > 0 ? maxFailures : Integer.MAX_VALUE;
    int byPercent =
        maxFailurePercent == null ? Integer.MAX_VALUE : Math.max(1, (int) Math.ceil(maxFailurePercent * total / 100.0 - 1e-9));
    return Math.min(byCount, byPercent);
  }

  /** Writes one release makes, for pacing. */
  public int effectiveWritesPerRelease() {
    if (writesPerRelease > 0) {
      return writesPerRelease;
    }
    return policy == null ? 6 : policy.steps().size() + 2;
  }

  public FleetRequest withWaves(List<String> newWaves) {
    return new FleetRequest(selector, image, newWaves, maxInFlight, maxFailures, maxFailurePercent, policy, bakeTime,
        approvalBetweenWaves, writesPerMinutePerRegion, writesPerRelease, servicesPerRun, requestedBy);
  }

  public FleetRequest withLimits(int newMaxInFlight, int newMaxFailures, Double newMaxFailurePercent) {
    return new FleetRequest(selector, image, waves, newMaxInFlight, newMaxFailures, newMaxFailurePercent, policy,
        bakeTime, approvalBetweenWaves, writesPerMinutePerRegion, writesPerRelease, servicesPerRun, requestedBy);
  }

  public FleetRequest withPolicy(RolloutPolicy newPolicy) {
    return new FleetRequest(selector, image, waves, maxInFlight, maxFailures, maxFailurePercent, newPolicy, bakeTime,
        approvalBetweenWaves, writesPerMinutePerRegion, writesPerRelease, servicesPerRun, requestedBy);
  }

  public FleetRequest withGates(Duration newBakeTime, boolean approval) {
    return new FleetRequest(selector, image, waves, maxInFlight, maxFailures, maxFailurePercent, policy, newBakeTime,
        approval, writesPerMinutePerRegion, writesPerRelease, servicesPerRun, requestedBy);
  }

  public FleetRequest withPacing(int writesPerMinute, int writesEach) {
    return new FleetRequest(selector, image, waves, maxInFlight, maxFailures, maxFailurePercent, policy, bakeTime,
        approvalBetweenWaves, writesPerMinute, writesEach, servicesPerRun, requestedBy);
  }

  public FleetRequest withServicesPerRun(int n) {
    return new FleetRequest(selector, image, waves, maxInFlight, maxFailures, maxFailurePercent, policy, bakeTime,
        approvalBetweenWaves, writesPerMinutePerRegion, writesPerRelease, n, requestedBy);
  }
}
