package dev.runshift.traffic;

import static dev.runshift.traffic.TrafficTarget.latest;
import static dev.runshift.traffic.TrafficTarget.revision;
import static dev.runshift.traffic.TrafficTarget.tagged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TrafficPlanTest {
  private static final String CANDIDATE = "svc-rs-1a2b3c4d";
  private static final String TAG = "candidate";

  @Test
  void singleStableGivesUpWhatTheCandidateGets() {
    TrafficMap current = TrafficMap.of(revision("svc-a", 100), tagged(CANDIDATE, 0, TAG));
    assertEquals(
        TrafficMap.of(revision("svc-a", 95), tagged(CANDIDATE, 5, TAG)),
        TrafficPlan.plan(current, CANDIDATE, TAG, 5));
  }

  @Test
  void multipleStablesShareTheRestInProportion() {
    TrafficMap current = TrafficMap.of(revision("svc-a", 60), revision("svc-b", 40), tagged(CANDIDATE, 0, TAG));
    assertEquals(
        TrafficMap.of(revision("svc-a", 45), revision("svc-b", 30), tagged(CANDIDATE, 25, TAG)),
        TrafficPlan.plan(current, CANDIDATE, TAG, 25));
  }

  @Test
  void roundingGivesTheLeftoverPercentToTheLargestRemainderAndTiesToTheEarlierEntry() {
    // 95 * 70/100 = 66.5 and 95 * 30/100 = 28.5: a tie, the earlier entry gets the extra percent.
    TrafficMap twoWay = TrafficMap.of(revision("svc-a", 70), revision("svc-b", 30), tagged(CANDIDATE, 0, TAG));
    assertEquals(
        TrafficMap.of(revision("svc-a", 67), revision("svc-b", 28), tagged(CANDIDATE, 5, TAG)),
        TrafficPlan.plan(twoWay, CANDIDATE, TAG, 5));
    // 95 * 34/100 = 32.3, 95 * 33/100 = 31.35 twice: one extra percent, to the first .35.
    TrafficMap threeWay = TrafficMap.of(
        revision("svc-a", 34), revision("svc-b", 33), revision("svc-c", 33), tagged(CANDIDATE, 0, TAG));
    assertEquals(
        TrafficMap.of(revision("svc-a", 32), revision("svc-b", 32), revision("svc-c", 31), tagged(CANDIDATE, 5, TAG)),
        TrafficPlan.plan(threeWay, CANDIDATE, TAG, 5));
    // 10 * 90/100 = 9.0 and 10 * 10/100 = 1.0: exact, nothing to round.
    TrafficMap exact = TrafficMap.of(revision("svc-a", 90), revision("svc-b", 10), tagged(CANDIDATE, 0, TAG));
    assertEquals(
        TrafficMap.of(revision("svc-a", 81), revision("svc-b", 9), tagged(CANDIDATE, 10, TAG)),
        TrafficPlan.plan(exact, CANDIDATE, TAG, 10));
  }

  @Test
  void laterStepsSplitTheCurrentStableShares() {
    TrafficMap atFive = TrafficMap.of(revision("svc-a", 67), revision("svc-b", 28), tagged(CANDIDATE, 5, TAG));
    // 50 * 67/95 = 35.26, 50 * 28/95 = 14.74: the leftover goes to svc-b.
    assertEquals(
        TrafficMap.of(revision("svc-a", 35), revision("svc-b", 15), tagged(CANDIDATE, 50, TAG)),
        TrafficPlan.plan(atFive, CANDIDATE, TAG, 50));
  }

  @Test
  void taggedAndPinnedZeroPercentEntriesAreKeptUnchangedInPlace() {
    TrafficMap current = TrafficMap.of(
        tagged("svc-old", 0, "blue"),
        revision("svc-a", 100),
        tagged("svc-a", 0, "stable"),
        latest(0).withTag("head"),
        tagged(CANDIDATE, 0, TAG));
    assertEquals(
        TrafficMap.of(
            tagged("svc-old", 0, "blue"),
            revision("svc-a", 75),
            tagged("svc-a", 0, "stable"),
            latest(0).withTag("head"),
            tagged(CANDIDATE, 25, TAG)),
        TrafficPlan.plan(current, CANDIDATE, TAG, 25));
  }

  @Test
  void atTheHundredPercentStepUntaggedStablesLeaveAndTaggedOnesStayAtZero() {
    TrafficMap current = TrafficMap.of(
        revision("svc-a", 30), tagged("svc-b", 20, "b"), tagged(CANDIDATE, 50, TAG), tagged("svc-old", 0, "blue"));
    assertEquals(
        TrafficMap.of(tagged("svc-b", 0, "b"), tagged(CANDIDATE, 100, TAG), tagged("svc-old", 0, "blue")),
        TrafficPlan.plan(current, CANDIDATE, TAG, 100));
  }

  @Test
  void aCandidateWithoutEntryIsAppendedWithItsTag() {
    TrafficMap rolledBack = TrafficMap.of(revision("svc-a", 100), tagged("svc-old", 0, "blue"));
    assertEquals(
        TrafficMap.of(revision("svc-a", 95), tagged("svc-old", 0, "blue"), tagged(CANDIDATE, 5, TAG)),
        TrafficPlan.plan(rolledBack, CANDIDATE, TAG, 5));
  }

  @Test
  void extraCandidateEntriesKeepTheirTagsAtZeroAndUntaggedOnesAreDropped() {
    TrafficMap current = TrafficMap.of(
        revision("svc-a", 90), revision(CANDIDATE, 5), tagged(CANDIDATE, 5, TAG), tagged(CANDIDATE, 0, "pr-7"));
    assertEquals(
        TrafficMap.of(revision("svc-a", 75), tagged(CANDIDATE, 25, TAG), tagged(CANDIDATE, 0, "pr-7")),
        TrafficPlan.plan(current, CANDIDATE, TAG, 25));
  }

  @Test
  void aStableRoundedToZeroIsDroppedUnlessTagged() {
    TrafficMap current = TrafficMap.of(
        revision("svc-a", 98), revision("svc-b", 1), tagged("svc-c", 1, "c"), tagged(CANDIDATE, 0, TAG));
    // 20 * 98/100 = 19.6, 20 * 1/100 = 0.2 twice: the leftover percent goes to svc-a.
    assertEquals(
        TrafficMap.of(revision("svc-a", 20), tagged("svc-c", 0, "c"), tagged(CANDIDATE, 80, TAG)),
        TrafficPlan.plan(current, CANDIDATE, TAG, 80));
  }

  @Test
  void planningIsDeterministicAndAlwaysSumsTo100WithSharesWithinOnePercent() {
    Random random = new Random(42);
    for (int round = 0; round < 500; round++) {
      int stables = 1 + random.nextInt(5);
      List<Integer> percents = randomSplit(random, stables);
      List<TrafficTarget> targets = new ArrayList<>();
      for (int i = 0; i < stables; i++) {
        targets.add(revision("svc-" + i, percents.get(i)));
      }
      targets.add(tagged(CANDIDATE, 0, TAG));
      TrafficMap current = new TrafficMap(targets);
      int percent = 1 + random.nextInt(99);
      TrafficMap next = TrafficPlan.plan(current, CANDIDATE, TAG, percent);
      assertEquals(next, TrafficPlan.plan(current, CANDIDATE, TAG, percent));
      assertEquals(percent, next.percentOf(CANDIDATE));
      for (int i = 0; i < stables; i++) {
        double exact = (100 - percent) * percents.get(i) / 100.0;
        int planned = next.percentOf("svc-" + i);
        assertTrue(Math.abs(planned - exact) < 1.0, "svc-" + i + " got " + planned + ", exact " + exact);
      }
    }
  }

  @Test
  void latestWithTrafficIsRejected() {
    TrafficMap current = TrafficMap.of(latest(100), tagged(CANDIDATE, 0, TAG));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TrafficPlan.plan(current, CANDIDATE, TAG, 5));
    assertTrue(e.getMessage().contains("LATEST"), e.getMessage());
  }

  @Test
  void theCandidateTagOnAnotherRevisionIsRejected() {
    TrafficMap current = TrafficMap.of(revision("svc-a", 100), tagged("svc-b", 0, TAG));
    assertThrows(IllegalArgumentException.class, () -> TrafficPlan.plan(current, CANDIDATE, TAG, 5));
  }

  @Test
  void withoutAStableToCarryTheRestPlanningIsRejected() {
    TrafficMap current = TrafficMap.of(tagged(CANDIDATE, 100, TAG), tagged("svc-old", 0, "blue"));
    assertThrows(IllegalArgumentException.class, () -> TrafficPlan.plan(current, CANDIDATE, TAG, 50));
    assertEquals(current, TrafficPlan.plan(current, CANDIDATE, TAG, 100));
  }

  @Test
  void percentOutsideZeroToHundredIsRejected() {
    TrafficMap current = TrafficMap.of(revision("svc-a", 100));
    assertThrows(IllegalArgumentException.class, () -> TrafficPlan.plan(current, CANDIDATE, TAG, 101));
    assertThrows(IllegalArgumentException.class, () -> TrafficPlan.plan(current, CANDIDATE, TAG, -1));
  }

  @Test
  void promotedMapGivesTheCandidate100PercentWithoutItsTagAndKeepsOtherTagsAtZero() {
    TrafficMap current = TrafficMap.of(
        revision("svc-a", 40), tagged("svc-b", 10, "b"), tagged(CANDIDATE, 50, TAG), tagged("svc-old", 0, "blue"));
    assertEquals(
        TrafficMap.of(tagged("svc-b", 0, "b"), revision(CANDIDATE, 100), tagged("svc-old", 0, "blue")),
        TrafficPlan.promoted(current, CANDIDATE, TAG));
  }

  @Test
  void promotedMapAppendsACandidateWithoutEntry() {
    TrafficMap current = TrafficMap.of(revision("svc-a", 100), tagged("svc-old", 0, "blue"));
    assertEquals(
        TrafficMap.of(tagged("svc-old", 0, "blue"), revision(CANDIDATE, 100)),
        TrafficPlan.promoted(current, CANDIDATE, TAG));
  }

  @Test
  void resolveLatestPinsLatestEntriesToTheRevision() {
    TrafficMap current = TrafficMap.of(latest(100), latest(0).withTag("head"));
    assertEquals(
        TrafficMap.of(revision("svc-a", 100), tagged("svc-a", 0, "head")),
        TrafficPlan.resolveLatest(current, "svc-a"));
  }

  private static List<Integer> randomSplit(Random random, int parts) {
    List<Integer> percents = new ArrayList<>();
    int left = 100;
    for (int i = 0; i < parts - 1; i++) {
      int share = 1 + random.nextInt(Math.max(1, left - (parts - 1 - i)));
      share = Math.min(share, left - (parts - 1 - i));
      percents.add(share);
      left -= share;
    }
    percents.add(left);
    return percents;
  }
}
