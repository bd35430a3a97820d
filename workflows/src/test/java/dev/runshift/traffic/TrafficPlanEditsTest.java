package dev.runshift.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The deploy-side rules of {@link TrafficPlan}: LATEST resolution, the candidate's 0% entry, serving revisions. */
class TrafficPlanEditsTest {

  @Test
  void resolveLatestPinsLatestToTheReadyRevisionKeepingTagAndPercent() {
    TrafficMap map = TrafficMap.of(
        new TrafficTarget(null, true, 70, "live"), TrafficTarget.revision("s-1", 30));
    assertEquals(
        TrafficMap.of(TrafficTarget.tagged("s-2", 70, "live"), TrafficTarget.revision("s-1", 30)),
        TrafficPlan.resolveLatest(map, "s-2"));
  }

  @Test
  void resolveLatestWithoutReadyRevisionIsRefused() {
    assertThrows(IllegalStateException.class,
        () -> TrafficPlan.resolveLatest(TrafficMap.of(TrafficTarget.latest(100)), ""));
  }

  @Test
  void withCandidateAppendsZeroPercentTaggedEntryAndMovesTheTag() {
    TrafficMap map = TrafficMap.of(
        TrafficTarget.revision("s-1", 100), TrafficTarget.tagged("s-0", 0, "candidate"),
        TrafficTarget.tagged("s-1", 0, "stable"));
    assertEquals(
        TrafficMap.of(TrafficTarget.revision("s-1", 100), TrafficTarget.tagged("s-1", 0, "stable"),
            TrafficTarget.tagged("s-2", 0, "candidate")),
        TrafficPlan.withCandidate(map, "s-2", "candidate"));
  }

  @Test
  void withCandidateUntagsAServingEntryThatHeldTheTag() {
    TrafficMap map = TrafficMap.of(TrafficTarget.tagged("s-1", 100, "candidate"));
    assertEquals(
        TrafficMap.of(TrafficTarget.revision("s-1", 100), TrafficTarget.tagged("s-2", 0, "candidate")),
        TrafficPlan.withCandidate(map, "s-2", "candidate"));
  }

  @Test
  void withoutZeroEntriesOfDropsTheCandidatesZeroEntriesOnly() {
    TrafficMap map = TrafficMap.of(TrafficTarget.revision("s-1", 100), TrafficTarget.tagged("s-2", 0, "c"));
    assertEquals(TrafficMap.of(TrafficTarget.revision("s-1", 100)), TrafficPlan.withoutZeroEntriesOf(map, "s-2"));
    TrafficMap serving = TrafficMap.of(TrafficTarget.revision("s-1", 90), TrafficTarget.tagged("s-2", 10, "c"));
    assertThrows(IllegalStateException.class, () -> TrafficPlan.withoutZeroEntriesOf(serving, "s-2"));
  }

  @Test
  void servingRevisionsAreThoseWithTrafficEachOnce() {
    TrafficMap map = TrafficMap.of(
        TrafficTarget.revision("a", 40), TrafficTarget.tagged("b", 0, "t"), TrafficTarget.tagged("a", 10, "x"),
        TrafficTarget.revision("c", 50));
    assertEquals(List.of("a", "c"), TrafficPlan.servingRevisions(map));
  }
}
