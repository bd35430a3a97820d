package dev.runshift.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runshift.health.Health;
import dev.runshift.health.Verdict;
import dev.runshift.health.VerdictEvidence;
import dev.runshift.ports.ServiceRef;
import dev.runshift.release.Decision;
import dev.runshift.release.Phase;
import dev.runshift.release.ReleaseStatus;
import dev.runshift.report.ReleaseTimeline.Kind;
import dev.runshift.traffic.TrafficMap;
import dev.runshift.traffic.TrafficTarget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusTimelineTest {
  private static final long T = Timelines.T0;
  private static final ServiceRef SERVICE = new ServiceRef("p", "europe-west1", "hello");

  @Test
  void decisionsGiveTrafficVerdictsAndMarkers() {
    VerdictEvidence.ArmSummary cand = new VerdictEvidence.ArmSummary(4000, 400, 0.1, 0.08, 0.12);
    VerdictEvidence.ArmSummary stable = new VerdictEvidence.ArmSummary(36000, 36, 0.001, 0.0005, 0.002);
    Verdict last = new Verdict(Health.UNHEALTHY, "unhealthy: 5xx x100", List.of(), null,
        new VerdictEvidence(cand, stable, null, 100.0, 50.0, 200.0, 4000, 10, List.of(), null));
    List<Decision> decisions = List.of(
        new Decision(T, "release started", "candidate hello-r2, steps [10, 100]", "cloud-build:b1"),
        new Decision(T + 5_000, "deployed hello-r2 with no traffic",
            "rollback target [hello-v1=100%], stable [hello-v1]", null),
        new Decision(T + 6_000, "shifted to 10%", "[hello-v1=90%, hello-r2=10%(candidate)]", null),
        new Decision(T + 10_000, "verdict at 10%: INCONCLUSIVE", "needs more requests", null),
        new Decision(T + 12_000, "pause: paused", "looking", "cli:alice"),
        new Decision(T + 20_000, "verdict at 10%: UNHEALTHY", "unhealthy: 5xx x100", null),
        new Decision(T + 20_000, "rolling back", "unhealthy: 5xx x100", null),
        new Decision(T + 21_000, "rolled back", "[hello-v1=100%]", null),
        new Decision(T + 21_000, "rolled_back", "unhealthy: 5xx x100", null));
    ReleaseStatus status = new ReleaseStatus("r2", SERVICE, Phase.ROLLED_BACK, "img", "hello-r2",
        List.of("hello-v1"), TrafficMap.of(TrafficTarget.revision("hello-v1", 100)), -1, List.of(10, 100),
        last, null, decisions);

    ReleaseTimeline t = StatusTimeline.of(status);

    assertEquals(T, t.startMillis());
    assertEquals(T + 21_000, t.endMillis());
    assertEquals("ROLLED_BACK", t.outcome());
    assertEquals(SERVICE.toString(), t.service());
    assertEquals(List.of(T, T + 6_000, T + 21_000, T + 21_000),
        t.traffic().stream().map(ReleaseTimeline.TrafficPoint::atMillis).toList());
    assertEquals(Map.of("hello-v1", 100), t.traffic().get(0).percents());
    assertEquals(List.of("hello-v1", "hello-r2"), List.copyOf(t.traffic().get(1).percents().keySet()));
    assertEquals(10, t.traffic().get(1).percents().get("hello-r2"));

    assertEquals(2, t.verdicts().size());
    assertNull(t.verdicts().get(0).candidate()); // only the last verdict's numbers are in the status
    assertEquals(Health.UNHEALTHY, t.verdicts().get(1).health());
    assertEquals(0.1, t.verdicts().get(1).candidate().rate());
    assertEquals(0.12, t.verdicts().get(1).candidate().rateHigh());
    assertEquals(0.0005, t.verdicts().get(1).stable().rateLow());

    assertEquals(List.of(Kind.OPERATOR, Kind.FAILURE, Kind.OUTCOME),
        t.markers().stream().map(ReleaseTimeline.Marker::kind).toList());
    assertEquals(List.of("pause", "rolling back", "rolled back"),
        t.markers().stream().map(ReleaseTimeline.Marker::label).toList());
    assertTrue(t.markers().get(0).detail().contains("cli:alice"));
    assertEquals(decisions.size(), t.journal().size());
  }

  @Test
  void parsesTrafficMapsAsTheyArePrinted() {
    TrafficMap map = new TrafficMap(List.of(TrafficTarget.revision("a-1", 85), TrafficTarget.tagged("b-2", 15, "candidate"),
        TrafficTarget.tagged("b-2", 0, "x"), TrafficTarget.latest(0)));
    assertEquals(Map.of("a-1", 85, "b-2", 15, "LATEST", 0), StatusTimeline.parseTraffic("was " + map).orElseThrow());
    assertEquals(StatusTimeline.percents(map), StatusTimeline.parseTraffic(map.toString()).orElseThrow());
    assertTrue(StatusTimeline.parseTraffic("no map here").isEmpty());
    assertTrue(StatusTimeline.parseTraffic("[a=50%]").isEmpty()); // not a whole map
  }

  @Test
  void aReleaseThatHasNotStartedHasNoReport() {
    ReleaseStatus none = new ReleaseStatus(null, null, Phase.PENDING, null, null, List.of(), null, -1, List.of(),
        null, null, List.of());
    assertThrows(IllegalArgumentException.class, () -> StatusTimeline.of(none));
  }
}
