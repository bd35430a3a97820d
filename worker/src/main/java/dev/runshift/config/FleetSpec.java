package dev.runshift.config;

import java.util.List;
import java.util.Map;

/**
 * A named group of services selected by Cloud Run labels (all must match), for fleet-wide releases.
 * Parsed and validated here; fleets are acted on elsewhere.
 *
 * @param policy a name from the config's {@code policies}, or null
 * @param image optional repository the fleet follows: a successful build of an image from it starts a
 *     fleet redeploy of that digest to the fleet's services (then {@code projects} and {@code regions}
 *     are required)
 * @param waves cumulative waves for such a redeploy (empty: {@code 1, 10%, 100%})
 * @param maxInFlight / maxFailures limits for such a redeploy (0: 10 and 1)
 */
public record FleetSpec(
    String name,
    Map<String, String> selector,
    String policy,
    String image,
    List<String> projects,
    List<String> regions,
    List<String> waves,
    int maxInFlight,
    int maxFailures) {

  public FleetSpec {
    selector = Map.copyOf(selector);
    projects = projects == null ? List.of() : List.copyOf(projects);
    regions = regions == null ? List.of() : List.copyOf(regions);
    waves = waves == null ? List.of() : List.copyOf(waves);
  }

  /** A fleet by labels only, not following any image. */
  public FleetSpec(String name, Map<String, String> selector, String policy) {
    this(name, selector, policy, null, List.of(), List.of(), List.of(), 0, 0);
  }

  /** Whether a build of {@code repository} starts this fleet. */
  public boolean follows(String repository) {
    return image != null && image.equals(repository);
  }
}
