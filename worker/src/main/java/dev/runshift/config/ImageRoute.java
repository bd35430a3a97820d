package dev.runshift.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Images from {@code repository} whose tag fully matches {@code tagPattern} (any tag when null) are
 * released to {@code services}.
 */
public record ImageRoute(String repository, Pattern tagPattern, List<ServiceTarget> services) {

  public ImageRoute {
    services = List.copyOf(services);
  }

  public boolean matches(ImageRef image) {
    return repository.equals(image.repository())
        && (tagPattern == null || tagPattern.matcher(image.effectiveTag()).matches());
  }
}
