package dev.runshift.simulator.monitoring;

import dev.runshift.simulator.core.RequestRate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one Cloud Run service served over time: consecutive segments in time order, each in force from its
 * start until the next one starts (the last one for ever), and each revision's image. A segment holds the
 * service's request rate (constant or a daily curve) and its traffic split.
 *
 * <p>Plain data, independent of the rest of the simulator: a benchmark can build one and hand it to
 * {@link RequestModel#sample}.
 */
public record ServiceTimeline(
    String project, String location, String service, List<Segment> segments, Map<String, String> revisionImages) {

  /** From {@code from} on: {@code rate} in total, split by {@code percents} (revision to %). */
  public record Segment(Instant from, RequestRate rate, Map<String, Integer> percents) {
    public Segment {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(rate, "rate");
      percents = Map.copyOf(percents);
    }

    /** A constant {@code requestsPerSecond} from {@code from} on. */
    public Segment(Instant from, double requestsPerSecond, Map<String, Integer> percents) {
      this(from, RequestRate.constant(requestsPerSecond), percents);
    }
  }

  public ServiceTimeline {
    segments = List.copyOf(segments);
    revisionImages = Map.copyOf(revisionImages);
    for (int i = 1; i < segments.size(); i++) {
      if (segments.get(i).from().isBefore(segments.get(i - 1).from())) {
        throw new IllegalArgumentException("segments must be in time order: " + segments.get(i).from()
            + " comes after " + segments.get(i - 1).from());
      }
    }
  }

  /** The service's full name, {@code projects/P/locations/L/services/S}, as image rules name it. */
  public String serviceName() {
    return "projects/" + project + "/locations/" + location + "/services/" + service;
  }

  /** The image {@code revision} runs, or "" when the timeline does not know the revision. */
  public String imageOf(String revision) {
    return revisionImages.getOrDefault(revision, "");
  }

  /**
   * The expected number of requests {@code revision} received in {@code [from, to)}: the integral of
   * rate x share over the segments, exact for constant and daily rates (closed form).
   */
  public double expectedRequests(String revision, Instant from, Instant to) {
    return expectedRequests(revision, from.toEpochMilli(), to.toEpochMilli());
  }

  /** {@link #expectedRequests(String, Instant, Instant)} in epoch milliseconds. */
  public double expectedRequests(String revision, long fromMillis, long toMillis) {
    if (toMillis <= fromMillis || segments.isEmpty()) {
      return 0;
    }
    double total = 0;
    int n = segments.size();
    for (int i = firstSegmentAt(fromMillis); i < n; i++) {
      Segment s = segments.get(i);
      long segStart = Math.max(s.from().toEpochMilli(), fromMillis);
      if (segStart >= toMillis) {
        break;
      }
      long segEnd = i + 1 < n ? Math.min(segments.get(i + 1).from().toEpochMilli(), toMillis) : toMillis;
      if (segEnd <= segStart) {
        continue;
      }
      Integer percent = s.percents().get(revision);
      if (percent == null || percent == 0) {
        continue;
      }
      total += s.rate().integral(segStart, segEnd) * percent / 100.0;
    }
    return total;
  }

  /** The index of the segment in force at {@code millis} (0 if it is before the first). */
  private int firstSegmentAt(long millis) {
    int lo = 0;
    int hi = segments.size() - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (segments.get(mid).from().toEpochMilli() <= millis) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }
}
