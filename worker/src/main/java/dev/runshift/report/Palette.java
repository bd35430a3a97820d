package dev.runshift.report;

import dev.runshift.health.Health;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report's colours, chosen to stay apart for the common colour-vision deficiencies: the candidate
 * orange against stable blue (and further revisions in teal, green, brown, grey); verdicts green, red and
 * grey (told apart by position too: one diamond per look); markers purple, red and near-black.
 */
final class Palette {
  static final String CANDIDATE = "#e8710a";
  static final String STABLE = "#1a73e8";
  private static final String[] OTHER_REVISIONS = {STABLE, "#12a4b8", "#7cb342", "#8d6e63", "#5f6368"};
  private static final Map<Health, String> HEALTH = Map.of(
      Health.HEALTHY, "#188038", Health.UNHEALTHY, "#d93025", Health.INCONCLUSIVE, "#9aa0a6");
  private static final Map<ReleaseTimeline.Kind, String> MARKERS = Map.of(
      ReleaseTimeline.Kind.OPERATOR, "#8e24aa",
      ReleaseTimeline.Kind.FAILURE, "#d93025",
      ReleaseTimeline.Kind.OUTCOME, "#202124");

  private Palette() {}

  /** A colour per revision: the candidate's orange, the others in turn (repeating past five). */
  static Map<String, String> revisions(List<String> revisions, String candidate) {
    Map<String, String> colours = new LinkedHashMap<>();
    int other = 0;
    for (String r : revisions) {
      colours.put(r, r.equals(candidate) ? CANDIDATE : OTHER_REVISIONS[other++ % OTHER_REVISIONS.length]);
    }
    return colours;
  }

  static String health(Health health) {
    return HEALTH.get(health);
  }

  static String marker(ReleaseTimeline.Kind kind) {
    return MARKERS.get(kind);
  }
}
