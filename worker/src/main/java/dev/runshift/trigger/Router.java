package dev.runshift.trigger;

import dev.runshift.config.ImageRef;
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

  public Router(RoutingConfig config) {
    this.routes = config.routes();
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
