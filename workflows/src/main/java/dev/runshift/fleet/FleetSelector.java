package dev.runshift.fleet;

import dev.runshift.ports.ImageRef;
import dev.runshift.ports.ServiceSnapshot;
import java.util.List;
import java.util.Map;

/**
 * Which Cloud Run services a fleet redeploy touches: every service in {@code projects} × {@code regions}
 * that carries all {@code labels} and, if {@code imageRepository} is set, currently serves an image from
 * that repository. Pure and deterministic.
 *
 * @param labels Cloud Run labels that must all match exactly ({@code key=value}); empty: any
 * @param imageRepository e.g. {@code europe-docker.pkg.dev/acme/apps/api}; null: any image
 */
public record FleetSelector(
    List<String> projects, List<String> regions, Map<String, String> labels, String imageRepository) {

  public FleetSelector {
    projects = projects == null ? List.of() : List.copyOf(projects);
    regions = regions == null ? List.of() : List.copyOf(regions);
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    if (imageRepository != null && imageRepository.isBlank()) {
      imageRepository = null;
    }
  }

  /** Whether {@code snapshot} (already known to be in one of the projects and regions) is selected. */
  public boolean matches(ServiceSnapshot snapshot) {
    Map<String, String> have = snapshot.labels() == null ? Map.of() : snapshot.labels();
    for (Map.Entry<String, String> want : labels.entrySet()) {
      if (!want.getValue().equals(have.get(want.getKey()))) {
        return false;
      }
    }
    return imageRepository == null || imageRepository.equals(ImageRef.repositoryOf(snapshot.servingImage()));
  }

  /** Parses {@code key=value} label selectors. */
  public static Map<String, String> parseLabels(List<String> selectors) {
    java.util.LinkedHashMap<String, String> out = new java.util.LinkedHashMap<>();
    for (String s : selectors == null ? List.<String>of() : selectors) {
      int eq = s.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("label selector must be key=value, was '" + s + "'");
      }
      out.put(s.substring(0, eq).trim(), s.substring(eq + 1).trim());
    }
    return out;
  }
}
