package dev.runshift.local.cli;

import dev.runshift.cli.StatusView;
import dev.runshift.cli.TrafficBar;
import dev.runshift.local.DemoListener;
import dev.runshift.local.DemoResult;
import dev.runshift.release.Decision;
import dev.runshift.release.ReleaseStatus;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Prints the demo as it happens: one line per decision a release takes, and a progress line (traffic
 * bar, phase, step, last verdict) whenever one of those changes.
 */
final class DemoConsole implements DemoListener {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

  private final PrintWriter out;
  private final Map<String, Integer> decisionsShown = new HashMap<>();
  private final Map<String, String> progressShown = new HashMap<>();

  DemoConsole(PrintWriter out) {
    this.out = out;
  }

  @Override
  public void section(String title) {
    out.printf("%n== %s%n", title);
    out.flush();
  }

  @Override
  public void note(String line) {
    out.printf("   %s%n", line);
    out.flush();
  }

  @Override
  public void progress(ReleaseStatus s) {
    List<Decision> decisions = s.decisions() == null ? List.of() : s.decisions();
    int shown = decisionsShown.getOrDefault(s.releaseId(), 0);
    for (Decision d : decisions.subList(Math.min(shown, decisions.size()), decisions.size())) {
      out.printf("   %s  %s: %s%n", TIME.format(Instant.ofEpochMilli(d.atEpochMillis())), s.releaseId(),
          StatusView.decision(d));
    }
    decisionsShown.put(s.releaseId(), decisions.size());

    String line = String.format("   %s  %-12s %-9s %s",
        TrafficBar.render(s.traffic(), s.candidateRevision(), 20), s.phase(), stepOf(s),
        StatusView.verdictNumbers(s.lastVerdict()));
    if (!Objects.equals(progressShown.put(s.releaseId(), line), line)) {
      out.println(line);
    }
    out.flush();
  }

  private static String stepOf(ReleaseStatus s) {
    if (s.steps() == null || s.stepIndex() < 0 || s.stepIndex() >= s.steps().size()) {
      return "";
    }
    return "step " + (s.stepIndex() + 1) + "/" + s.steps().size();
  }

  @Override
  public void summary(List<DemoResult.Release> releases, boolean asExpected, List<String> problems) {
    out.printf("%n== Summary%n");
    out.printf("   %-8s %-12s %-12s %-12s %9s  %-6s %s%n", "RELEASE", "ID", "OUTCOME", "EXPECTED", "DURATION", "CALLS", "IMAGE");
    for (DemoResult.Release r : releases) {
      out.printf("   %-8s %-12s %-12s %-12s %8.1fs  %-6d %s%n", r.label(), r.releaseId(), r.outcome(), r.expected(),
          r.duration().toMillis() / 1000.0, r.totalApiCalls(), r.image());
      out.printf("   %-8s %s%n", "", r.apiCalls().entrySet().stream()
          .map(e -> e.getKey() + " " + e.getValue())
          .collect(Collectors.joining(", ", "API calls: ", "")));
      if (r.reason() != null && !r.reason().isBlank()) {
        out.printf("   %-8s reason: %s%n", "", r.reason());
      }
      out.printf("   %-8s report: %s%n", "", r.report());
    }
    if (asExpected) {
      out.printf("%n   As expected: v2 was promoted, v3 was rolled back to exactly v2.%n");
    } else {
      out.printf("%n   NOT as expected:%n");
      problems.forEach(p -> out.printf("   - %s%n", p));
    }
    out.flush();
  }
}
