package dev.runshift.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScalesTest {

  @Test
  void niceCeilRoundsUpToOneTwoTwoAndAHalfOrFive() {
    assertEquals(1.0, Scales.niceCeil(1.0));
    assertEquals(2.0, Scales.niceCeil(1.2));
    assertEquals(2.5, Scales.niceCeil(2.1));
    assertEquals(5.0, Scales.niceCeil(3));
    assertEquals(10.0, Scales.niceCeil(7));
    assertEquals(0.005, Scales.niceCeil(0.0041), 1e-15);
    assertEquals(0.1, Scales.niceCeil(0.079), 1e-15);
    assertThrows(IllegalArgumentException.class, () -> Scales.niceCeil(0));
  }

  @Test
  void ticksStartAtZeroAndEndAtTheTop() {
    assertEquals(List.of(0.0, 25.0, 50.0, 75.0, 100.0), Scales.ticks(100, 4));
    List<Double> ticks = Scales.ticks(0.1, 4);
    assertEquals(5, ticks.size());
    assertEquals(0.1, ticks.get(4), 1e-12);
    // The last tick is at or above the maximum: the axis ends on a label.
    List<Double> small = Scales.ticks(0.005, 4);
    assertEquals(4, small.size());
    assertEquals(0.006, small.get(3), 1e-12);
    assertEquals(List.of(0.0, 50.0, 100.0, 150.0, 200.0), Scales.ticks(189, 4));
  }

  @Test
  void linearMapsTheDomainOntoTheRangeAndClamps() {
    Scales.Linear y = new Scales.Linear(0, 100, 200, 50); // inverted, as a y axis is
    assertEquals(200, y.at(0));
    assertEquals(50, y.at(100));
    assertEquals(125, y.at(50));
    assertEquals(50, y.at(250)); // clamped
    assertThrows(IllegalArgumentException.class, () -> new Scales.Linear(1, 1, 0, 1));
  }

  @Test
  void timeTicksAreRoundMultiplesWithinTheSpan() {
    long t0 = Timelines.T0 + 7_000; // 10:00:07
    assertEquals(30_000, Scales.timeStep(t0, t0 + 230_000, 10));
    List<Long> ticks = Scales.timeTicks(t0, t0 + 230_000, 10);
    assertEquals(Timelines.T0 + 30_000, ticks.get(0));
    assertEquals(7, ticks.size()); // 10:00:30 … 10:03:30
    ticks.forEach(t -> assertEquals(0, t % 30_000));
    assertEquals(3_600_000, Scales.timeStep(0, 9 * 3_600_000L, 10));
    assertEquals(1_000, Scales.timeStep(0, 500, 10));
  }
}
