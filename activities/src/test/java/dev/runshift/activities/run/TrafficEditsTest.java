package dev.runshift.activities.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.runshift.traffic.TrafficMap;
import dev.runshift.traffic.TrafficTarget;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrafficEditsTest {

  @Test
  void resolveLatestPinsLatestToTheReadyRevisionKeepingTagAndPercent() {
    TrafficMap map = TrafficMap.of(
        new TrafficTarget(null, true, 70, "live"), TrafficTarget.revision("s-1", 30));
    assertEquals(
        TrafficMap.of(TrafficTarget.tagged("s-2", 70, "live"), TrafficTarget.revision("s-1", 30)),
        TrafficEdits.resolveLatest(map, "s-2"));
  }

  @Test
  void resolveLatestWithoutReadyRevisionIsRefused() {
    assertThrows(IllegalStateException.class,
        () -> TrafficEdits.resolveLatest(TrafficMap.of(TrafficTarget.latest(100)), ""));
  }

  @Test
  void withCandidateAppendsZeroPercentTaggedEntryAndMovesTheTag() {
    TrafficMap map = TrafficMap.of(
        TrafficTarget.revision("s-1", 100), TrafficTarget.tagged("s-0", 0, "candidate"),
        TrafficTarget.tagged("s-1", 0, "stable"));
    assertEquals(
        TrafficMap.of(TrafficTarget.revision("s-1", 100), TrafficTarget.tagged("s-1", 0, "stable"),
            TrafficTarget.tagged("s-2", 0, "candidate")),
        TrafficEdits.withCandidate(map, "s-2", "candidate"));
  }

  @Test
  void withCandidateUntagsAServingEntryThatHeldTheTag() {
    TrafficMap map = TrafficMap.of(TrafficTarget.tagged("s-1", 100, "candidate"));
    assertEquals(
        TrafficMap.of(TrafficTarget.revision("s-1", 100), TrafficTarget.tagged("s-2", 0, "candidate")),
        TrafficEdits.withCandidate(map, "s-2", "candidate"));
  }

  @Test
  void withoutZeroEntriesOfDropsTheCandidatesZeroEntriesOnly() {
    TrafficMap map = TrafficMap.of(TrafficTarget.revision("s-1", 100), TrafficTarget.tagged("s-2", 0, "c"));
    assertEquals(TrafficMap.of(TrafficTarget.revision("s-1", 100)), TrafficEdits.withoutZeroEntriesOf(map, "s-2"));
    TrafficMap serving = TrafficMap.of(TrafficTarget.revision("s-1", 90), TrafficTarget.tagged("s-2", 10, "c"));
    assertThrows(IllegalStateException.class, () -> TrafficEdits.withoutZeroEntriesOf(serving, "s-2"));
  }

  @Test
  void promotedSendsEverythingToCandidateDropsItsTagKeepsOtherTags() {
    TrafficMap current = TrafficMap.of(
        TrafficTarget.revision("s-1", 50), TrafficTarget.tagged("s-1", 0, "stable"),
        TrafficTarget.tagged("s-2", 50, "candidate"));
    assertEquals(
        TrafficMap.of(TrafficTarget.revision("s-2", 100), TrafficTarget.tagged("s-1", 0, "stable")),
        TrafficEdits.promoted(current, "s-2", "candidate"));
  }

  @Test
  void servingRevisionsAreThoseWithTrafficEachOnce() {
    TrafficMap map = TrafficMap.of(
        TrafficTarget.revision("a", 40), TrafficTarget.tagged("b", 0, "t"), TrafficTarget.tagged("a", 10, "x"),
        TrafficTarget.revision("c", 50));
    assertEquals(List.of("a", "c"), TrafficEdits.servingRevisions(map));
  }
}
