package dev.runshift.report;

import dev.runshift.health.Health;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a release did over time, as the report draws it: the traffic map after each change, every verdict
 * with its numbers where the verdict has them, the moments worth a marker, and the journal in words. All
 * times are workflow time in epoch millis. Built by a pure function from what the release reports;
 * rendered by {@link TimelineSvg} and {@link TimelineHtml}.
 *
 * @param outcome the release's phase at the time of the report (final or not)
 * @param startMillis when the release started
 * @param endMillis the last moment the report covers (the outcome, or the latest thing known)
 * @param traffic traffic maps in time order; each holds until the next
 * @param verdicts verdicts in time order
 * @param markers operator actions, failures and the outcome, in time order
 * @param journal every entry of the release's journal, in order
 */
public record ReleaseTimeline(
    String service,
    String releaseId,
    String image,
    String candidateRevision,
    String outcome,
    long startMillis,
    long endMillis,
    List<TrafficPoint> traffic,
    List<VerdictPoint> verdicts,
    List<Marker> markers,
    List<JournalEntry> journal) {

  public ReleaseTimeline {
    traffic = List.copyOf(traffic);
    verdicts = List.copyOf(verdicts);
    markers = List.copyOf(markers);
    journal = List.copyOf(journal);
    if (endMillis < startMillis) {
      throw new IllegalArgumentException("a timeline ends before it starts: " + startMillis + " > " + endMillis);
    }
  }

  /** The traffic map from {@code atMillis} on: percent per revision, in the map's order. */
  public record TrafficPoint(long atMillis, Map<String, Integer> percents) {
    public TrafficPoint {
      percents = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(percents));
    }
  }

  /**
   * One verdict: when, the candidate's step, its health and reason, and what it saw of each arm (null
   * when the verdict did not report that arm).
   */
  public record VerdictPoint(
      long atMillis, int candidatePercent, Health health, String reason, ArmPoint candidate, ArmPoint stable) {
    public VerdictPoint {
      Objects.requireNonNull(health, "health");
    }
  }

  /**
   * One arm's numbers at a verdict, each null when the verdict did not have it: the 5xx rate (a fraction)
   * with its anytime-valid interval, and the p99 latency in ms.
   */
  public record ArmPoint(Double rate, Double rateLow, Double rateHigh, Double p99Ms) {
    public boolean hasInterval() {
      return rateLow != null && rateHigh != null;
    }
  }

  /** A moment worth a line across the picture. */
  public record Marker(long atMillis, Kind kind, String label, String detail) {}

  /** What a marker stands for; each kind has its own colour. */
  public enum Kind {
    /** Something an operator did (pause, resume, approve, retry, skip, promote, abort). */
    OPERATOR,
    /** A step that failed, a failed read, the release waiting for an operator, a rollback starting. */
    FAILURE,
    /** How the release ended. */
    OUTCOME
  }

  /** One line of the journal: when, what, why, and who (null when the release decided itself). */
  public record JournalEntry(long atMillis, String what, String reason, String by) {}
}
