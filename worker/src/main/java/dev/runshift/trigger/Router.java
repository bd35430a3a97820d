package dev.runshift.trigger;

import dev.runshift.config.FleetSpec;
import dev.runshift.ports.ImageRef;
import dev.runshift.config.ImageRoute;
import dev.runshift.config.RoutingConfig;
import dev.runshift.config.ServiceTarget;
import dev.runshift.ports.ServiceRef;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which services an image goes to, by the routing config. Pure: every route whose repository and tag
 * pattern match contributes its services, each service at most once (the first route naming it wins).
 */
public final class Router {
  private final List<ImageRoute> routes;
  private final List<FleetSpec> fleets;
  private final java.util.Map<String, dev.runshift.policy.RolloutPolicy> policies;

  public Router(RoutingConfig config) {
    this.routes = config.routes();
    this.fleets = config.fleets();
    this.policies = config.policies();
  }

  /** A named policy of the config, or null (no name, or unknown). */
  public dev.runshift.policy.RolloutPolicy policy(String name) {
    return name == null ? null : policies.get(name);
  }

  /** The fleets a build of {@code image} redeploys: those following its repository. */
  public List<FleetSpec> fleets(ImageRef image) {
    return fleets.stream().filter(f -> f.follows(image.repository())).toList();
  }

  /** The services {@code image} is released to; empty when no route matches. */
  public List<ServiceTarget> route(ImageRef image) {
    List<ServiceTarget> targets = new ArrayList<>();
    Set<ServiceRef> seen = new LinkedHashSet<>();
    for (ImageRoute route : routes) {
      if (route.matches(image)) {
        for (ServiceTarget target : route.services()) {
          if (seen.add(target.service())) {
            targets.add(target);
          }
        }
      }
    }
    return targets;
  }
}
