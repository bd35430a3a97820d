package dev.runshift.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runshift.events.ReleaseEvent;
import dev.runshift.health.Health;
import dev.runshift.health.Verdict;
import dev.runshift.health.VerdictEvidence;
import dev.runshift.ports.RevisionMetrics;
import dev.runshift.ports.ServiceRef;
import dev.runshift.ports.WindowMetrics;
import dev.runshift.release.Phase;
import dev.runshift.release.ReleaseStatus;
import dev.runshift.report.ReleaseTimeline.Kind;
import dev.runshift.traffic.TrafficMap;
import dev.runshift.traffic.TrafficTarget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventTimelineTest {
  private static final long T = Timelines.T0;
  private static final ServiceRef SERVICE = new ServiceRef("p", "europe-west1", "hello");
  private static final TrafficMap BEFORE = TrafficMap.of(TrafficTarget.revision("hello-v1", 100));
  private static final TrafficMap AT_10 =
      TrafficMap.of(TrafficTarget.revision("hello-v1", 90), TrafficTarget.tagged("hello-r2", 10, "candidate"));

  @Test
  void eventsGiveTrafficEveryVerdictAndMarkers() {
    Verdict inconclusive = sequential(Health.INCONCLUSIVE, "needs more requests",
        new VerdictEvidence.ArmSummary(400, 4, 0.01, 0.001, 0.09));
    Verdict unhealthy = sequential(Health.UNHEALTHY, "unhealthy: 5xx x100",
        new VerdictEvidence.ArmSummary(4000, 400, 0.1, 0.08, 0.12));
    List<ReleaseEvent> events = List.of(
        new ReleaseEvent.Started("r2-1", T, "img", "hello-r2", List.of(10, 100), "cloud-build:b1"),
        new ReleaseEvent.Deployed("r2-2", T + 5_000, "hello-r2", BEFORE, List.of("hello-v1")),
        new ReleaseEvent.Shifted("r2-3", T + 6_000, 10, AT_10),
        new ReleaseEvent.VerdictGiven("r2-4", T + 10_000, 10, inconclusive, true),
        new ReleaseEvent.VerdictGiven("r2-5", T + 12_000, 10, inconclusive, false),
        new ReleaseEvent.Paused("r2-6", T + 13_000, "paused", "looking", "cli:alice"),
        new ReleaseEvent.Noted("r2-7", T + 14_000, "ignored retry", "nothing to retry", "signal"),
        new ReleaseEvent.VerdictGiven("r2-8", T + 20_000, 10, unhealthy, true),
        new ReleaseEvent.Noted("r2-9", T + 20_000, "rolling back", "unhealthy: 5xx x100", null),
        new ReleaseEvent.TrafficRestored("r2-10", T + 21_000, BEFORE),
        new ReleaseEvent.RolledBack("r2-11", T + 21_000, "unhealthy: 5xx x100", BEFORE));
    ReleaseTimeline t = EventTimeline.of(status(Phase.ROLLED_BACK, events));

    assertEquals(T, t.startMillis());
    assertEquals(T + 21_000, t.endMillis());
    assertEquals("ROLLED_BACK", t.outcome());
    assertEquals(SERVICE.toString(), t.service());
    // Before the release (from its start), at 10%, restored, and as it ended.
    assertEquals(List.of(T, T + 6_000, T + 21_000, T + 21_000),
        t.traffic().stream().map(ReleaseTimeline.TrafficPoint::atMillis).toList());
    assertEquals(Map.of("hello-v1", 100), t.traffic().get(0).percents());
    assertEquals(List.of("hello-v1", "hello-r2"), List.copyOf(t.traffic().get(1).percents().keySet()));
    assertEquals(10, t.traffic().get(1).percents().get("hello-r2"));

    // Every look, the repeated one too, with its numbers and interval.
    assertEquals(3, t.verdicts().size());
    assertEquals(List.of(Health.INCONCLUSIVE, Health.INCONCLUSIVE, Health.UNHEALTHY),
        t.verdicts().stream().map(ReleaseTimeline.VerdictPoint::health).toList());
    ReleaseTimeline.VerdictPoint last = t.verdicts().get(2);
    assertEquals(0.1, last.candidate().rate());
    assertEquals(0.08, last.candidate().rateLow());
    assertEquals(0.12, last.candidate().rateHigh());
    assertEquals(0.0005, last.stable().rateLow());
    assertNull(last.candidate().p99Ms());

    assertEquals(List.of(Kind.OPERATOR, Kind.OPERATOR, Kind.FAILURE, Kind.OUTCOME),
        t.markers().stream().map(ReleaseTimeline.Marker::kind).toList());
    assertEquals(List.of("pause", "ignored retry", "rolling back", "rolled back"),
        t.markers().stream().map(ReleaseTimeline.Marker::label).toList());
    assertEquals("looking (by cli:alice)", t.markers().get(0).detail());
    // The journal is the decisions: the look that repeated the health is not one.
    assertEquals(events.size() - 1, t.journal().size());
    assertEquals("release started", t.journal().get(0).what());
    assertEquals("cloud-build:b1", t.journal().get(0).by());
  }

  @Test
  void aThresholdVerdictGivesRatesAndP99WithoutAnInterval() {
    Verdict threshold = new Verdict(Health.HEALTHY, "ok", List.of(), new WindowMetrics(
        new RevisionMetrics(1000, 2, 40.0, 90.0, 180.0, 6), new RevisionMetrics(9000, 9, 35.0, 80.0, 150.0, 6),
        T, T + 60_000));
    ReleaseTimeline t = EventTimeline.of(status(Phase.VERIFYING, List.of(
        new ReleaseEvent.Started("r2-1", T, "img", "hello-r2", List.of(10, 100), "cli:bob"),
        new ReleaseEvent.VerdictGiven("r2-2", T + 60_000, 10, threshold, true))));
    ReleaseTimeline.VerdictPoint v = t.verdicts().get(0);
    assertEquals(0.002, v.candidate().rate());
    assertEquals(180.0, v.candidate().p99Ms());
    assertEquals(150.0, v.stable().p99Ms());
    assertTrue(!v.candidate().hasInterval());
    assertTrue(t.markers().isEmpty()); // the origin that started it is no operator action
    assertEquals("VERIFYING", t.outcome());
  }

  @Test
  void aReReadOfTrafficIsParsedFromItsWords() {
    TrafficMap map = new TrafficMap(List.of(TrafficTarget.revision("a-1", 85), TrafficTarget.tagged("b-2", 15, "candidate"),
        TrafficTarget.tagged("b-2", 0, "x"), TrafficTarget.latest(0)));
    assertEquals(Map.of("a-1", 85, "b-2", 15, "LATEST", 0), EventTimeline.parseTraffic("was " + map).orElseThrow());
    assertEquals(EventTimeline.percents(map), EventTimeline.parseTraffic(map.toString()).orElseThrow());
    assertTrue(EventTimeline.parseTraffic("no map here").isEmpty());
    assertTrue(EventTimeline.parseTraffic("[a=50%]").isEmpty()); // not a whole map
    ReleaseTimeline t = EventTimeline.of(status(Phase.VERIFYING, List.of(
        new ReleaseEvent.Started("r2-1", T, "img", "hello-r2", List.of(10, 100), "cli:bob"),
        new ReleaseEvent.Noted("r2-2", T + 1_000, "re-read traffic", map.toString(), null))));
    assertEquals(List.of(EventTimeline.percents(map)), t.traffic().stream().map(p -> p.percents()).toList());
  }

  @Test
  void aReleaseThatHasNotStartedHasNoReport() {
    assertThrows(IllegalArgumentException.class, () -> EventTimeline.of(status(Phase.PENDING, List.of())));
  }

  private static Verdict sequential(Health health, String reason, VerdictEvidence.ArmSummary candidate) {
    VerdictEvidence.ArmSummary stable = new VerdictEvidence.ArmSummary(36000, 36, 0.001, 0.0005, 0.002);
    return new Verdict(health, reason, List.of(), null,
        new VerdictEvidence(candidate, stable, null, null, null, null, candidate.requests(), 10, List.of(), null));
  }

  private static ReleaseStatus status(Phase phase, List<ReleaseEvent> events) {
    return new ReleaseStatus("r2", SERVICE, phase, "img", "hello-r2", List.of("hello-v1"), BEFORE, -1,
        List.of(10, 100), null, null, List.of(), events);
  }
}
