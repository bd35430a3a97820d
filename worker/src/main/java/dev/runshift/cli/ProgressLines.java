package dev.runshift.cli;

import dev.runshift.release.Decision;
import dev.runshift.release.ReleaseStatus;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A release's progress as lines that only ever append: each decision once, and a progress line (traffic
 * bar, phase, step, last verdict) whenever it differs from the last one printed for that release. For
 * output that is not a terminal (CI logs, the demo).
 */
public final class ProgressLines {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

  private final Map<String, Integer> decisionsShown = new HashMap<>();
  private final Map<String, String> progressShown = new HashMap<>();

  /** The decisions of {@code s} not returned before, then its progress line if it changed. */
  public List<String> next(ReleaseStatus s) {
    List<String> lines = new ArrayList<>(decisionsSince(s));
    String line = progressLine(s);
    if (!Objects.equals(progressShown.put(s.releaseId(), line), line)) {
      lines.add(line);
    }
    return lines;
  }

  /** The decisions of {@code s} not returned before, one line each: {@code 12:00:03  rel-1: shifted …}. */
  public List<String> decisionsSince(ReleaseStatus s) {
    List<Decision> decisions = s.decisions() == null ? List.of() : s.decisions();
    int shown = decisionsShown.getOrDefault(s.releaseId(), 0);
    List<String> lines = new ArrayList<>();
    for (Decision d : decisions.subList(Math.min(shown, decisions.size()), decisions.size())) {
      lines.add(String.format("%s  %s: %s", TIME.format(Instant.ofEpochMilli(d.atEpochMillis())), s.releaseId(),
          StatusView.decision(d)));
    }
    decisionsShown.put(s.releaseId(), decisions.size());
    return lines;
  }

  /** {@code [##..................]  10%  VERIFYING    step 1/3  HEALTHY …}. */
  public static String progressLine(ReleaseStatus s) {
    return String.format("%s  %-12s %-9s %s",
        TrafficBar.render(s.traffic(), s.candidateRevision(), 20), s.phase(), stepOf(s),
        StatusView.verdictNumbers(s.lastVerdict())).stripTrailing();
  }

  private static String stepOf(ReleaseStatus s) {
    if (s.steps() == null || s.stepIndex() < 0 || s.stepIndex() >= s.steps().size()) {
      return "";
    }
    return "step " + (s.stepIndex() + 1) + "/" + s.steps().size();
  }
}
