package dev.runshift.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Places marker labels so that none overlaps another: each label is drawn right of its line, or left of
 * it when it would run past the right edge, in the first lane (row) where it fits. Pure.
 */
final class MarkerLanes {
  private static final double GAP = 3;
  private static final double SPACING = 8;

  /** Where one label goes: its lane (0 is the top row) and whether it is drawn left of its line. */
  record Placement(int lane, boolean leftOfLine) {}

  private MarkerLanes() {}

  /**
   * Placements for labels at line positions {@code xs} (in time order) of widths {@code widths}, with
   * {@code rightEdge} the last x a label may reach.
   */
  static List<Placement> place(List<Double> xs, List<Double> widths, double rightEdge) {
    List<Double> laneEnds = new ArrayList<>();
    List<Placement> placements = new ArrayList<>();
    for (int i = 0; i < xs.size(); i++) {
      double x = xs.get(i);
      double width = widths.get(i);
      boolean left = x + GAP + width > rightEdge;
      double start = left ? x - GAP - width : x + GAP;
      int lane = 0;
      while (lane < laneEnds.size() && laneEnds.get(lane) > start) {
        lane++;
      }
      if (lane == laneEnds.size()) {
        laneEnds.add(0.0);
      }
      laneEnds.set(lane, start + width + SPACING);
      placements.add(new Placement(lane, left));
    }
    return placements;
  }

  /** How many lanes {@code placements} use (at least one, so that the layout has a row for labels). */
  static int count(List<Placement> placements) {
    return 1 + placements.stream().mapToInt(Placement::lane).max().orElse(0);
  }
}
