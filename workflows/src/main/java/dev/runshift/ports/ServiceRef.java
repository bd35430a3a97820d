package dev.runshift.ports;

import java.util.Objects;

/**
 * Identifies one Cloud Run service. Immutable; the same three values always name the same service,
 * so ids derived from it (workflow ids, revision names) are stable.
 */
public record ServiceRef(String project, String region, String service) {

  public ServiceRef {
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(service, "service");
  }

  /** The Cloud Run Admin v2 resource name: {@code projects/P/locations/R/services/S}. */
  public String resourceName() {
    return "projects/" + project + "/locations/" + region + "/services/" + service;
  }

  /** The parent location name: {@code projects/P/locations/R}. */
  public String locationName() {
    return "projects/" + project + "/locations/" + region;
  }

  /** A compact {@code project/region/service} form, for logs and workflow ids. */
  @Override
  public String toString() {
    return project + "/" + region + "/" + service;
  }
}
