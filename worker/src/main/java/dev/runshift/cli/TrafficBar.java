package dev.runshift.cli;

import dev.runshift.traffic.TrafficMap;

/** A one-line picture of how much traffic the candidate has: {@code [#####...............]  25%}. */
public final class TrafficBar {
  private TrafficBar() {}

  public static String render(TrafficMap traffic, String candidateRevision, int width) {
    int percent = traffic == null || candidateRevision == null ? 0 : traffic.percentOf(candidateRevision);
    int filled = Math.round(percent * width / 100f);
    return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + String.format("%3d%%", percent);
  }
}
