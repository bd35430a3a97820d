package dev.runshift.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runshift.report.MarkerLanes.Placement;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarkerLanesTest {

  @Test
  void labelsThatFitShareTheFirstLane() {
    List<Placement> p = MarkerLanes.place(List.of(100.0, 300.0, 500.0), List.of(50.0, 50.0, 50.0), 1000);
    assertEquals(List.of(new Placement(0, false), new Placement(0, false), new Placement(0, false)), p);
    assertEquals(1, MarkerLanes.count(p));
  }

  @Test
  void overlappingLabelsTakeTheFirstLaneWhereTheyFit() {
    // 100..153 and 120..173 overlap; 200 fits after the first again.
    List<Placement> p = MarkerLanes.place(List.of(100.0, 120.0, 200.0), List.of(50.0, 50.0, 50.0), 1000);
    assertEquals(List.of(new Placement(0, false), new Placement(1, false), new Placement(0, false)), p);
    assertEquals(2, MarkerLanes.count(p));
  }

  @Test
  void aLabelAtTheRightEdgeGoesLeftAndIsPlacedWhereItIsDrawn() {
    // At 980 a 50-wide label would reach 1033 > 1000: drawn over 927..977, which overlaps a label at 940.
    List<Placement> p = MarkerLanes.place(List.of(900.0, 980.0), List.of(30.0, 50.0), 1000);
    assertEquals(List.of(new Placement(0, false), new Placement(1, true)), p);
    // Far enough from the one before, it stays in the first lane.
    assertEquals(List.of(new Placement(0, false), new Placement(0, true)),
        MarkerLanes.place(List.of(700.0, 980.0), List.of(30.0, 50.0), 1000));
  }

  @Test
  void noMarkersStillGiveOneLane() {
    assertEquals(1, MarkerLanes.count(List.of()));
  }
}
