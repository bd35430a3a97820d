package dev.runshift.simulator.monitoring;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one Cloud Run service served over time: consecutive segments, each in force from its start until
 * the next one starts (the last one until now), and each revision's image.
 */
public record ServiceTimeline(
    String project, String location, String service, List<Segment> segments, Map<String, String> revisionImages) {

  /** From {@code from} on: {@code requestsPerSecond} in total, split by {@code percents} (revision to %). */
  public record Segment(Instant from, double requestsPerSecond, Map<String, Integer> percents) {}

  public ServiceTimeline {
    segments = List.copyOf(segments);
    revisionImages = Map.copyOf(revisionImages);
  }

  /**
   * The expected number of requests {@code revision} received in {@code [from, to)}: the integral of
   * rate x share over the segments.
   */
  public double expectedRequests(String revision, Instant from, Instant to) {
    double total = 0;
    for (int i = 0; i < segments.size(); i++) {
      Segment s = segments.get(i);
      Integer percent = s.percents().get(revision);
      if (percent == null || percent == 0 || s.requestsPerSecond() == 0) {
        continue;
      }
      Instant segStart = s.from().isAfter(from) ? s.from() : from;
      Instant segEnd = i + 1 < segments.size() ? segments.get(i + 1).from() : to;
      if (segEnd.isAfter(to)) {
        segEnd = to;
      }
      if (segEnd.isAfter(segStart)) {
        double seconds = (segEnd.toEpochMilli() - segStart.toEpochMilli()) / 1000.0;
        total += seconds * s.requestsPerSecond() * percent / 100.0;
      }
    }
    return total;
  }
}
