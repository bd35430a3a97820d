package dev.runshift.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runshift.events.ReleaseEvent;
import dev.runshift.events.ReleaseEvent.VerdictGiven;
import dev.runshift.health.Health;
import dev.runshift.health.Verdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerdictThinningTest {

  private static VerdictGiven verdict(int n, Health health) {
    return new VerdictGiven("r-" + n, n * 1000L, 10, new Verdict(health, "look " + n, List.of(), null), false);
  }

  private static long verdicts(List<ReleaseEvent> events) {
    return events.stream().filter(e -> e instanceof VerdictGiven).count();
  }

  @Test
  void underTheCapNothingChanges() {
    List<ReleaseEvent> events = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      events.add(verdict(i, Health.INCONCLUSIVE));
    }
    assertSame(events, VerdictThinning.thin(events, 10));
  }

  @Test
  void aLongRunIsThinnedEvenlyKeepingFirstNewestChangesAndOtherEvents() {
    List<ReleaseEvent> events = new ArrayList<>();
    ReleaseEvent noted = new ReleaseEvent.Noted("r-0", 0, "release started", null, null);
    events.add(noted);
    for (int i = 1; i <= 1000; i++) {
      events.add(verdict(i, i <= 600 ? Health.INCONCLUSIVE : Health.HEALTHY));
    }
    List<ReleaseEvent> thinned = VerdictThinning.thin(events, 100);

    assertTrue(verdicts(thinned) <= 100, "at most the cap: " + verdicts(thinned));
    assertTrue(verdicts(thinned) >= 50, "about halved each pass, not emptied: " + verdicts(thinned));
    assertSame(noted, thinned.get(0), "events that are not verdicts stay");
    assertEquals("r-1", thinned.get(1).id(), "the first verdict stays");
    assertEquals("r-1000", thinned.get(thinned.size() - 1).id(), "the newest verdict stays");
    assertTrue(thinned.stream().anyMatch(e -> e.id().equals("r-601")), "the change of health stays");
    // spread over the whole release, not only its end
    long early = thinned.stream().filter(e -> e instanceof VerdictGiven && e.at() <= 300_000).count();
    assertTrue(early >= 15, "early looks keep their share: " + early);
  }

  @Test
  void changesOfHealthAreNeverDroppedEvenOverTheCap() {
    List<ReleaseEvent> events = new ArrayList<>();
    for (int i = 1; i <= 50; i++) {
      events.add(verdict(i, i % 2 == 0 ? Health.HEALTHY : Health.INCONCLUSIVE));
    }
    List<ReleaseEvent> thinned = VerdictThinning.thin(events, 10);
    assertEquals(50, verdicts(thinned), "every verdict is a change of health");
  }
}
