package dev.runshift.config;

import dev.runshift.ports.ImageRef;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Images from {@code repository} whose tag fully matches {@code tagPattern} (any tag when null) are
 * released to {@code services}; their releases' events go to the notifiers named in {@code notifiers}
 * (the route's {@code notify} key).
 */
public record ImageRoute(String repository, Pattern tagPattern, List<ServiceTarget> services, List<String> notifiers) {

  public ImageRoute {
    services = List.copyOf(services);
    notifiers = notifiers == null ? List.of() : List.copyOf(notifiers);
  }

  public ImageRoute(String repository, Pattern tagPattern, List<ServiceTarget> services) {
    this(repository, tagPattern, services, List.of());
  }

  public boolean matches(ImageRef image) {
    return repository.equals(image.repository())
        && (tagPattern == null || tagPattern.matcher(image.effectiveTag()).matches());
  }
}
