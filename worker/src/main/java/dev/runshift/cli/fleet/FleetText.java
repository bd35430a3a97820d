package dev.runshift.cli.fleet;

import dev.runshift.fleet.FleetSelector;
import dev.runshift.fleet.ServiceOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** A fleet's selection and counts in words, for people (the JSON keeps the records' own form). */
final class FleetText {
  private FleetText() {}

  /**
   * {@code services in projects a, b (regions us-central1) labelled team=web, serving an image from REPO}.
   */
  static String selection(FleetSelector s) {
    StringBuilder b = new StringBuilder("services in ")
        .append(s.projects().size() == 1 ? "project " : "projects ").append(String.join(", ", s.projects()))
        .append(" (").append(s.regions().size() == 1 ? "region " : "regions ")
        .append(String.join(", ", s.regions())).append(")");
    if (!s.labels().isEmpty()) {
      b.append(" labelled ").append(s.labels().entrySet().stream()
          .map(e -> e.getKey() + "=" + e.getValue()).sorted().collect(Collectors.joining(", ")));
    }
    if (s.imageRepository() != null) {
      b.append(", serving an image from ").append(s.imageRepository());
    }
    return b.toString();
  }

  /** {@code 3 promoted, 1 unchanged} in the outcomes' order, or {@code none yet}. */
  static String outcomes(Map<ServiceOutcome, Integer> counts) {
    List<String> parts = new ArrayList<>();
    for (ServiceOutcome o : ServiceOutcome.values()) {
      int n = counts == null ? 0 : counts.getOrDefault(o, 0);
      if (n > 0) {
        parts.add(n + " " + o.name().toLowerCase(Locale.ROOT).replace('_', ' '));
      }
    }
    return parts.isEmpty() ? "none yet" : String.join(", ", parts);
  }

  /** {@code  (wave sizes 1, 2, 17)} from the cumulative ends 1, 3, 20; empty before the waves are known. */
  static String waveSizes(List<Integer> cumulativeEnds) {
    if (cumulativeEnds == null || cumulativeEnds.isEmpty()) {
      return "";
    }
    List<String> sizes = new ArrayList<>();
    int previous = 0;
    for (int end : cumulativeEnds) {
      sizes.add(String.valueOf(end - previous));
      previous = end;
    }
    return " (wave sizes " + String.join(", ", sizes) + ")";
  }

  /** {@code 2: shop, cart} or {@code none}. */
  static String inFlight(List<String> services) {
    return services == null || services.isEmpty() ? "none" : services.size() + ": " + String.join(", ", services);
  }
}
