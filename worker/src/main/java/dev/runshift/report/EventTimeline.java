package dev.runshift.report;

import dev.runshift.events.ReleaseEvent;
import dev.runshift.health.Verdict;
import dev.runshift.health.VerdictEvidence;
import dev.runshift.ports.RevisionMetrics;
import dev.runshift.release.ReleaseStatus;
import dev.runshift.report.ReleaseTimeline.ArmPoint;
import dev.runshift.report.ReleaseTimeline.JournalEntry;
import dev.runshift.report.ReleaseTimeline.Kind;
import dev.runshift.report.ReleaseTimeline.Marker;
import dev.runshift.report.ReleaseTimeline.TrafficPoint;
import dev.runshift.report.ReleaseTimeline.VerdictPoint;
import dev.runshift.traffic.TrafficMap;
import dev.runshift.traffic.TrafficTarget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds a {@link ReleaseTimeline} from a release's {@code status}: its {@link ReleaseEvent}s give the
 * traffic before the release (the deployment's rollback target) and after each shift, restore and ending;
 * every look's verdict with the rates, intervals and p99 it has; the operators' commands; the failures
 * (waiting for an operator, rolling back, failed reads, lost notifications); and the outcome. The journal
 * is the release's decision lines. Pure.
 */
public final class EventTimeline {
  private static final Pattern TRAFFIC_ENTRY = Pattern.compile("([^\\s\\[\\],=()]+)=(\\d+)%");
  private static final String RE_READ_TRAFFIC = "re-read traffic";

  private EventTimeline() {}

  public static ReleaseTimeline of(ReleaseStatus status) {
    List<ReleaseEvent> events = status.events() == null ? List.of() : status.events();
    if (events.isEmpty()) {
      throw new IllegalArgumentException("release " + status.releaseId() + " has not started: nothing to report");
    }
    long start = events.get(0).at();
    long end = events.get(events.size() - 1).at();
    List<TrafficPoint> traffic = new ArrayList<>();
    List<VerdictPoint> verdicts = new ArrayList<>();
    List<Marker> markers = new ArrayList<>();
    List<JournalEntry> journal = new ArrayList<>();
    for (ReleaseEvent event : events) {
      if (event.decision()) {
        journal.add(new JournalEntry(event.at(), event.what(), event.reason(), event.by()));
      }
      trafficAfter(event, start).ifPresent(traffic::add);
      if (event instanceof ReleaseEvent.VerdictGiven v) {
        verdicts.add(verdictPoint(v));
      }
      marker(event).ifPresent(markers::add);
    }
    return new ReleaseTimeline(
        status.service() == null ? "?" : status.service().toString(), status.releaseId(), status.image(),
        status.candidateRevision(), status.phase() == null ? "?" : status.phase().name(), start, end,
        traffic, verdicts, markers, journal);
  }

  /** The traffic map an event set or revealed, if it did. */
  private static Optional<TrafficPoint> trafficAfter(ReleaseEvent event, long releaseStart) {
    TrafficMap map = null;
    if (event instanceof ReleaseEvent.Deployed d) {
      map = d.previousTraffic(); // what served before the release: from its start on
    } else if (event instanceof ReleaseEvent.Shifted s) {
      map = s.traffic();
    } else if (event instanceof ReleaseEvent.TrafficRestored r) {
      map = r.traffic();
    } else if (event instanceof ReleaseEvent.Ending e) {
      map = e.traffic();
    }
    if (map != null && !map.targets().isEmpty()) {
      long at = event instanceof ReleaseEvent.Deployed ? releaseStart : event.at();
      return Optional.of(new TrafficPoint(at, percents(map)));
    }
    if (event instanceof ReleaseEvent.Noted n && RE_READ_TRAFFIC.equals(n.what())) {
      return parseTraffic(n.reason()).map(p -> new TrafficPoint(n.at(), p));
    }
    return Optional.empty();
  }

  private static Optional<Marker> marker(ReleaseEvent event) {
    String reason = event.reason() == null ? "" : event.reason();
    String byWhom = event.by() == null ? "" : (reason.isEmpty() ? "" : " ") + "(by " + event.by() + ")";
    long at = event.at();
    if (event instanceof ReleaseEvent.Paused) {
      return Optional.of(new Marker(at, Kind.OPERATOR, "pause", reason + byWhom));
    } else if (event instanceof ReleaseEvent.Resumed) {
      return Optional.of(new Marker(at, Kind.OPERATOR, "resume", reason + byWhom));
    } else if (event instanceof ReleaseEvent.Retried) {
      return Optional.of(new Marker(at, Kind.OPERATOR, "retry", reason + byWhom));
    } else if (event instanceof ReleaseEvent.Skipped) {
      return Optional.of(new Marker(at, Kind.OPERATOR, "skip", reason + byWhom));
    } else if (event instanceof ReleaseEvent.Commanded c) {
      return Optional.of(new Marker(at, Kind.OPERATOR, c.command(), c.effect() + (reason.isEmpty() ? "" : ": ")
          + reason + byWhom));
    } else if (event instanceof ReleaseEvent.AwaitingApproval) {
      return Optional.of(new Marker(at, Kind.OPERATOR, "awaiting approval", reason));
    } else if (event instanceof ReleaseEvent.AwaitingOperator) {
      return Optional.of(new Marker(at, Kind.FAILURE, "awaiting operator", reason));
    } else if (event instanceof ReleaseEvent.NotificationLost) {
      return Optional.of(new Marker(at, Kind.FAILURE, "notification lost", reason));
    } else if (event instanceof ReleaseEvent.Ending e) {
      return Optional.of(new Marker(at, Kind.OUTCOME, e.what().replace('_', ' '), reason));
    } else if (event instanceof ReleaseEvent.Noted n) {
      return Optional.ofNullable(noted(n, reason, byWhom));
    }
    return Optional.empty();
  }

  /** The noted decisions worth a marker: failures, and signals that were ignored. */
  private static Marker noted(ReleaseEvent.Noted n, String reason, String byWhom) {
    String what = n.what();
    if (n.by() != null) {
      return new Marker(n.at(), Kind.OPERATOR, what, reason + byWhom);
    }
    if (what.equals("rolling back") || what.equals("baseline not read") || what.startsWith("metrics read failed")) {
      return new Marker(n.at(), Kind.FAILURE, what.startsWith("metrics read failed") ? "metrics read failed" : what,
          reason);
    }
    return null;
  }

  private static VerdictPoint verdictPoint(ReleaseEvent.VerdictGiven v) {
    Verdict verdict = v.verdict();
    ArmPoint candidate = null;
    ArmPoint stable = null;
    VerdictEvidence evidence = verdict.evidence();
    if (evidence != null) {
      candidate = arm(evidence.candidate());
      stable = arm(evidence.stable() != null ? evidence.stable() : evidence.baseline());
    } else if (verdict.metrics() != null) {
      candidate = arm(verdict.metrics().candidate());
      stable = arm(verdict.metrics().stable());
    }
    return new VerdictPoint(v.at(), v.percent(), verdict.health(), verdict.reason(), candidate, stable);
  }

  static ArmPoint arm(VerdictEvidence.ArmSummary a) {
    return a == null || a.requests() == 0 ? null : new ArmPoint(a.rate(), a.rateLow(), a.rateHigh(), null);
  }

  static ArmPoint arm(RevisionMetrics m) {
    return m == null || m.requests() == 0 ? null : new ArmPoint(m.errorRate(), null, null, m.p99Ms());
  }

  /** The traffic map's percents per revision (LATEST entries under "LATEST"), summed per name. */
  static Map<String, Integer> percents(TrafficMap map) {
    Map<String, Integer> percents = new LinkedHashMap<>();
    for (TrafficTarget target : map.targets()) {
      percents.merge(target.latest() ? "LATEST" : target.revision(), target.percent(), Integer::sum);
    }
    return percents;
  }

  /**
   * Parses the first whole traffic map written as {@link TrafficMap#toString()} in {@code text}: a
   * re-read of traffic is recorded only in words.
   */
  static Optional<Map<String, Integer>> parseTraffic(String text) {
    if (text == null) {
      return Optional.empty();
    }
    int open = text.indexOf('[');
    int close = text.indexOf(']', open + 1);
    if (open < 0 || close < 0) {
      return Optional.empty();
    }
    Map<String, Integer> percents = new LinkedHashMap<>();
    Matcher m = TRAFFIC_ENTRY.matcher(text.substring(open + 1, close));
    while (m.find()) {
      percents.merge(m.group(1), Integer.parseInt(m.group(2)), Integer::sum);
    }
    int sum = percents.values().stream().mapToInt(Integer::intValue).sum();
    return sum == 100 ? Optional.of(percents) : Optional.empty();
  }
}
