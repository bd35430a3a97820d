package dev.runshift.config;

import dev.runshift.activities.notify.SinkSpec;
import dev.runshift.policy.RolloutPolicy;
import dev.runshift.ports.ServiceRef;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which images go to which services with which policy, named policies, fleets, and where release events
 * go. Loaded and fully validated by {@link RoutingConfigs}: every policy in it is valid, every regex
 * compiles, and every notifier a route names is defined.
 *
 * @param notifiers the event sinks routes name in {@link ImageRoute#notifiers()}, by name
 */
public record RoutingConfig(
    Map<String, RolloutPolicy> policies, List<ImageRoute> routes, List<FleetSpec> fleets,
    Map<String, SinkSpec> notifiers) {

  public RoutingConfig {
    policies = Map.copyOf(policies);
    routes = List.copyOf(routes);
    fleets = List.copyOf(fleets);
    notifiers = Map.copyOf(notifiers);
  }

  public RoutingConfig(Map<String, RolloutPolicy> policies, List<ImageRoute> routes, List<FleetSpec> fleets) {
    this(policies, routes, fleets, Map.of());
  }

  public static RoutingConfig empty() {
    return new RoutingConfig(Map.of(), List.of(), List.of());
  }

  /** The sinks of {@code service}'s events: those named by every route that releases to it, once each. */
  public List<SinkSpec> notifiersOf(ServiceRef service) {
    return routes.stream()
        .filter(r -> r.services().stream().anyMatch(t -> t.service().equals(service)))
        .flatMap(r -> r.notifiers().stream())
        .distinct()
        .map(notifiers::get)
        .toList();
  }

  public Optional<RolloutPolicy> policy(String name) {
    return Optional.ofNullable(policies.get(name));
  }
}
