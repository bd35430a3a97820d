package dev.runshift.fleet;

import dev.runshift.policy.PolicyBuilder;
import dev.runshift.policy.RolloutPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The images, policies and requests the fleet tests share (pure values; the harness is in activities). */
final class FleetRequests {
  private FleetRequests() {}

  static final String REPO = "europe-docker.pkg.dev/acme/apps/api";
  static final String OLD = REPO + "@sha256:" + "0".repeat(64);
  static final String NEW = REPO + "@sha256:" + "1".repeat(64);

  /**
   * A short policy: 50% then 100%, 2-minute soak, 1-minute analysis, judged by the threshold rule (these
   * tests are about the fleet; each service's traffic is 10 requests/s with 0.1% 5xx, too little for
   * sequential verdicts to show a healthy candidate not worse than stable within the tests' time).
   */
  static RolloutPolicy policy() {
    return PolicyBuilder.threshold().steps(50, 100).soak(Duration.ofMinutes(2)).minRequests(10).build();
  }

  /** {@link #policy()} that waits for an operator's approval before shifting to 100%. */
  static RolloutPolicy gatedPolicy() {
    return PolicyBuilder.threshold().steps(50, 100).soak(Duration.ofMinutes(2)).minRequests(10)
        .approvalSteps(List.of(100)).build();
  }

  static FleetRequest request(String image, List<String> waves, int maxInFlight, int maxFailures) {
    return new FleetRequest(
        new FleetSelector(List.of("acme"), List.of("europe-west1"), Map.of(), null), image, waves, maxInFlight,
        maxFailures, null, policy(), null, false, 0, 0, 100, "test");
  }

}
