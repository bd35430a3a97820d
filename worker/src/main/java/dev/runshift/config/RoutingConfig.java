package dev.runshift.config;

import dev.runshift.policy.RolloutPolicy;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which images go to which services with which policy, named policies, and fleets. Loaded and fully
 * validated by {@link RoutingConfigs}: every policy in it is valid and every regex compiles.
 */
public record RoutingConfig(
    Map<String, RolloutPolicy> policies, List<ImageRoute> routes, List<FleetSpec> fleets) {

  public RoutingConfig {
    policies = Map.copyOf(policies);
    routes = List.copyOf(routes);
    fleets = List.copyOf(fleets);
  }

  public static RoutingConfig empty() {
    return new RoutingConfig(Map.of(), List.of(), List.of());
  }

  public Optional<RolloutPolicy> policy(String name) {
    return Optional.ofNullable(policies.get(name));
  }
}
