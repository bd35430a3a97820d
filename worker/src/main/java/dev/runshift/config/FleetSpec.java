package dev.runshift.config;

import java.util.Map;

/**
 * A named group of services selected by Cloud Run labels (all must match), for fleet-wide releases.
 * Parsed and validated here; fleets are acted on elsewhere.
 *
 * @param policy a name from the config's {@code policies}, or null
 */
public record FleetSpec(String name, Map<String, String> selector, String policy) {

  public FleetSpec {
    selector = Map.copyOf(selector);
  }
}
