package dev.runshift.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StartPacerTest {

  @Test
  void spacesStartsPerRegionByTheWritesOneReleaseNeeds() {
    Map<String, Long> slots = new HashMap<>();
    StartPacer pacer = new StartPacer(60, 6, slots);
    assertEquals(6_000, pacer.intervalMillis());
    assertEquals(0, pacer.delay("europe-west1", 1_000));
    pacer.started("europe-west1", 1_000);
    assertEquals(6_000, pacer.delay("europe-west1", 1_000));
    assertEquals(1_000, pacer.delay("europe-west1", 6_000));
    assertEquals(0, pacer.delay("us-central1", 1_000), "regions are paced independently");
    pacer.started("europe-west1", 7_000);
    assertEquals(13_000, slots.get("europe-west1"), "the slots are updated in place, for the fleet's state");
  }

  @Test
  void aLateStartDoesNotBankUnusedSlots() {
    StartPacer pacer = new StartPacer(60, 6, new HashMap<>(Map.of("r", 7_000L)));
    pacer.started("r", 100_000);
    assertEquals(6_000, pacer.delay("r", 100_000));
  }

  @Test
  void noQuotaMeansNoPacing() {
    StartPacer pacer = new StartPacer(0, 6, new HashMap<>());
    pacer.started("r", 5);
    assertEquals(0, pacer.delay("r", 5));
  }
}
