package dev.runshift.report;

import dev.runshift.health.Health;
import dev.runshift.report.ReleaseTimeline.ArmPoint;
import dev.runshift.report.ReleaseTimeline.JournalEntry;
import dev.runshift.report.ReleaseTimeline.Kind;
import dev.runshift.report.ReleaseTimeline.Marker;
import dev.runshift.report.ReleaseTimeline.TrafficPoint;
import dev.runshift.report.ReleaseTimeline.VerdictPoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Timelines for the rendering tests: a release rolled back on 5xx after an operator paused it. */
final class Timelines {
  static final long T0 = 1_764_410_400_000L; // 2025-11-29T10:00:00Z

  private Timelines() {}

  static ReleaseTimeline rolledBack() {
    long s = 1000;
    List<TrafficPoint> traffic = List.of(
        new TrafficPoint(T0, Map.of("hello-00001", 100)),
        new TrafficPoint(T0 + 20 * s, ordered("hello-00001", 90, "hello-r2-abc", 10)),
        new TrafficPoint(T0 + 140 * s, ordered("hello-00001", 50, "hello-r2-abc", 50)),
        new TrafficPoint(T0 + 230 * s, Map.of("hello-00001", 100)));
    List<VerdictPoint> verdicts = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      long at = T0 + (30 + i * 20) * s;
      double width = 0.04 / Math.sqrt(i + 1);
      Health h = i < 3 ? Health.INCONCLUSIVE : i < 9 ? Health.HEALTHY : Health.UNHEALTHY;
      double candidateRate = i < 6 ? 0.002 : 0.03 + i * 0.004;
      verdicts.add(new VerdictPoint(at, i < 6 ? 10 : 50, h, "look " + i,
          new ArmPoint(candidateRate, Math.max(0, candidateRate - width / 2), candidateRate + width, 120.0 + i * 8),
          new ArmPoint(0.001, 0.0, 0.001 + width / 4, 100.0 + i)));
    }
    List<Marker> markers = List.of(
        new Marker(T0 + 60 * s, Kind.OPERATOR, "pause", "looking at logs (by alice)"),
        new Marker(T0 + 100 * s, Kind.OPERATOR, "resume", "(by alice)"),
        new Marker(T0 + 215 * s, Kind.FAILURE, "rolling back", "5xx <ratio> & more"),
        new Marker(T0 + 230 * s, Kind.OUTCOME, "rolled back", "unhealthy: 5xx"));
    List<JournalEntry> journal = List.of(
        new JournalEntry(T0, "release started", "candidate hello-r2-abc", "cli:alice"),
        new JournalEntry(T0 + 230 * s, "rolled_back", "unhealthy: 5xx <b>", null));
    return new ReleaseTimeline("my-proj/europe-west1/hello", "r2-abc", "europe-docker.pkg.dev/p/r/hello@sha256:ab12",
        "hello-r2-abc", "ROLLED_BACK", T0, T0 + 230 * s, traffic, verdicts, markers, journal);
  }

  static Map<String, Integer> ordered(String a, int pa, String b, int pb) {
    Map<String, Integer> m = new LinkedHashMap<>();
    m.put(a, pa);
    m.put(b, pb);
    return m;
  }
}
