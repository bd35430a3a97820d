package dev.runshift.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class WavesTest {

  @Test
  void percentagesAreCumulativeAndRoundedUp() {
    assertEquals(List.of(1, 50, 250, 1000), Waves.cumulativeEnds(List.of("1", "5%", "25%", "100%"), 1000));
    assertEquals(List.of(1, 5, 7), Waves.cumulativeEnds(List.of("1", "5%", "70%", "100%"), 7));
    assertEquals(List.of(1, 2, 5, 20), Waves.cumulativeEnds(List.of("1", "10%", "25%", "100%"), 20));
  }

  @Test
  void emptyWavesAreDroppedAndTheRestGetsAFinalWave() {
    assertEquals(List.of(1, 3), Waves.cumulativeEnds(List.of("1", "5%", "10%"), 3));
    assertEquals(List.of(2, 10), Waves.cumulativeEnds(List.of("2"), 10));
    assertEquals(List.of(3), Waves.cumulativeEnds(List.of("5", "10"), 3));
    assertEquals(List.of(), Waves.cumulativeEnds(List.of("1", "100%"), 0));
  }

  @Test
  void badEntriesAreNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Waves.validate(List.of("1", "x%")));
    assertTrue(e.getMessage().contains("x%"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Waves.validate(List.of("0")));
    assertThrows(IllegalArgumentException.class, () -> Waves.validate(List.of("150%")));
  }

  @Test
  void failureBudgetByCountAndPercentTakesTheSmaller() {
    FleetRequest r = FleetRequests.request("img@sha256:" + "1".repeat(64), List.of("100%"), 5, 10);
    assertEquals(10, r.failureLimit(1000));
    assertEquals(3, r.withLimits(5, 10, 0.3).failureLimit(1000));
    assertEquals(1, r.withLimits(5, 0, 1.0).failureLimit(10), "a percentage allows at least one");
  }
}
