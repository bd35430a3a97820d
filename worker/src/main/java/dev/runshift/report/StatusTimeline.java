package dev.runshift.report;

import dev.runshift.health.Health;
import dev.runshift.health.Verdict;
import dev.runshift.health.VerdictEvidence;
import dev.runshift.ports.RevisionMetrics;
import dev.runshift.release.Decision;
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
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds a {@link ReleaseTimeline} from a release's {@code status} query: its timestamped decisions give
 * the traffic maps (the rollback target at deployment, each shift, re-read and rollback), the verdicts
 * (health and reason each time the health changed, and every Unhealthy one), operator actions, failures
 * and the outcome. The status carries the numbers of the last verdict only; they are drawn at the last
 * verdict decision. Pure.
 */
public final class StatusTimeline {
  private static final Pattern TRAFFIC_ENTRY = Pattern.compile("([^\\s\\[\\],=()]+)=(\\d+)%");
  private static final Pattern VERDICT = Pattern.compile("verdict at (\\d+)%: (HEALTHY|UNHEALTHY|INCONCLUSIVE)");
  private static final Set<String> OUTCOMES = Set.of("promoted", "rolled_back", "aborted");
  private static final String RELEASE_STARTED = "release started";

  private StatusTimeline() {}

  public static ReleaseTimeline of(ReleaseStatus status) {
    List<Decision> decisions = status.decisions() == null ? List.of() : status.decisions();
    if (decisions.isEmpty()) {
      throw new IllegalArgumentException("release " + status.releaseId() + " has not started: nothing to report");
    }
    long start = decisions.get(0).atEpochMillis();
    long end = decisions.get(decisions.size() - 1).atEpochMillis();
    List<TrafficPoint> traffic = new ArrayList<>();
    List<VerdictPoint> verdicts = new ArrayList<>();
    List<Marker> markers = new ArrayList<>();
    List<JournalEntry> journal = new ArrayList<>();
    for (Decision d : decisions) {
      journal.add(new JournalEntry(d.atEpochMillis(), d.what(), d.reason(), d.by()));
      String what = d.what();
      if (what.startsWith("deployed ")) {
        // The rollback target is the traffic from before the release.
        parseTraffic(d.reason()).ifPresent(m -> traffic.add(new TrafficPoint(start, m)));
      } else if (what.startsWith("shifted to ") || what.equals("re-read traffic") || what.equals("rolled back")) {
        parseTraffic(d.reason()).ifPresent(m -> traffic.add(new TrafficPoint(d.atEpochMillis(), m)));
      }
      Matcher verdict = VERDICT.matcher(what);
      if (verdict.matches()) {
        verdicts.add(new VerdictPoint(d.atEpochMillis(), Integer.parseInt(verdict.group(1)),
            Health.valueOf(verdict.group(2)), d.reason(), null, null));
      }
      Marker marker = marker(d, d == decisions.get(0));
      if (marker != null) {
        markers.add(marker);
      }
    }
    if (status.phase() != null && status.phase().isFinal() && status.traffic() != null
        && !status.traffic().targets().isEmpty()) {
      traffic.add(new TrafficPoint(end, percents(status.traffic())));
    }
    attachLastVerdict(verdicts, status.lastVerdict());
    return new ReleaseTimeline(
        status.service() == null ? "?" : status.service().toString(), status.releaseId(), status.image(),
        status.candidateRevision(), status.phase() == null ? "?" : status.phase().name(), start, end,
        traffic, verdicts, markers, journal);
  }

  /** The traffic map's percents per revision (LATEST entries under "LATEST"), summed per name. */
  static Map<String, Integer> percents(TrafficMap map) {
    Map<String, Integer> percents = new LinkedHashMap<>();
    for (TrafficTarget target : map.targets()) {
      percents.merge(target.latest() ? "LATEST" : target.revision(), target.percent(), Integer::sum);
    }
    return percents;
  }

  /** Parses the first traffic map written as {@link TrafficMap#toString()} in {@code text}. */
  static java.util.Optional<Map<String, Integer>> parseTraffic(String text) {
    if (text == null) {
      return java.util.Optional.empty();
    }
    int open = text.indexOf('[');
    int close = text.indexOf(']', open + 1);
    if (open < 0 || close < 0) {
      return java.util.Optional.empty();
    }
    Map<String, Integer> percents = new LinkedHashMap<>();
    Matcher m = TRAFFIC_ENTRY.matcher(text.substring(open + 1, close));
    while (m.find()) {
      percents.merge(m.group(1), Integer.parseInt(m.group(2)), Integer::sum);
    }
    int sum = percents.values().stream().mapToInt(Integer::intValue).sum();
    return sum == 100 ? java.util.Optional.of(percents) : java.util.Optional.empty();
  }

  private static Marker marker(Decision d, boolean first) {
    String what = d.what();
    String detail = d.reason() == null ? "" : d.reason();
    if (OUTCOMES.contains(what)) {
      return new Marker(d.atEpochMillis(), Kind.OUTCOME, what.replace('_', ' '), detail);
    }
    if (!first && d.by() != null) {
      return new Marker(d.atEpochMillis(), Kind.OPERATOR, operatorLabel(what),
          detail + (detail.isEmpty() ? "" : " ") + "(by " + d.by() + ")");
    }
    if (what.equals("awaiting operator") || what.equals("rolling back") || what.equals("baseline not read")
        || what.startsWith("metrics read failed")) {
      return new Marker(d.atEpochMillis(), Kind.FAILURE, what.startsWith("metrics read failed")
          ? "metrics read failed" : what, detail);
    }
    return null;
  }

  /** {@code "pause: paused"} becomes {@code "pause"}; {@code "ignored retry"} stays. */
  private static String operatorLabel(String what) {
    int colon = what.indexOf(':');
    return (colon > 0 ? what.substring(0, colon) : what).toLowerCase(Locale.ROOT);
  }

  /** Gives the last verdict point the numbers of the release's last verdict, if their health agrees. */
  private static void attachLastVerdict(List<VerdictPoint> verdicts, Verdict last) {
    if (last == null || verdicts.isEmpty()) {
      return;
    }
    VerdictPoint point = verdicts.get(verdicts.size() - 1);
    if (point.health() != last.health()) {
      return;
    }
    ArmPoint candidate = null;
    ArmPoint stable = null;
    VerdictEvidence evidence = last.evidence();
    if (evidence != null) {
      candidate = arm(evidence.candidate());
      stable = arm(evidence.stable() != null ? evidence.stable() : evidence.baseline());
    } else if (last.metrics() != null) {
      candidate = arm(last.metrics().candidate());
      stable = arm(last.metrics().stable());
    }
    verdicts.set(verdicts.size() - 1, new VerdictPoint(
        point.atMillis(), point.candidatePercent(), point.health(), point.reason(), candidate, stable));
  }

  static ArmPoint arm(VerdictEvidence.ArmSummary a) {
    return a == null ? null : new ArmPoint(a.rate(), a.rateLow(), a.rateHigh(), null);
  }

  static ArmPoint arm(RevisionMetrics m) {
    return m == null || m.requests() == 0 ? null : new ArmPoint(m.errorRate(), null, null, m.p99Ms());
  }
}
