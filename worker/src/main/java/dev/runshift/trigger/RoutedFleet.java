package dev.runshift.trigger;

import dev.runshift.config.FleetSpec;
import dev.runshift.fleet.FleetRequest;
import dev.runshift.fleet.FleetSelector;
import dev.runshift.policy.RolloutPolicy;

/**
 * A fleet redeploy a build notification asks for: {@code image} ({@code repository@sha256:…}) to every
 * service of {@code fleet}.
 *
 * @param policy the fleet's named policy, resolved; null: each service's default
 */
public record RoutedFleet(FleetSpec fleet, RolloutPolicy policy, String image, String buildId) {

  /**
   * One workflow id per fleet and digest ({@code fleet-<name>-<12 hex of the digest>}): a redelivered
   * notification, or a second build of the same digest, finds it already started.
   */
  public String fleetId() {
    int at = image.indexOf("@sha256:");
    String hex = at < 0 ? Integer.toHexString(image.hashCode()) : image.substring(at + 8, Math.min(image.length(), at + 20));
    return fleet.name() + "-" + hex;
  }

  public FleetRequest request() {
    return new FleetRequest(
        new FleetSelector(fleet.projects(), fleet.regions(), fleet.selector(), null), image,
        fleet.waves().isEmpty() ? java.util.List.of("1", "10%", "100%") : fleet.waves(),
        fleet.maxInFlight() > 0 ? fleet.maxInFlight() : 10, fleet.maxFailures() > 0 ? fleet.maxFailures() : 1,
        null, policy, null, false, 0, 0, 100, "cloud-build:" + buildId);
  }
}
