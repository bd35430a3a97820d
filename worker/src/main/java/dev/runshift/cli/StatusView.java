package dev.runshift.cli;

import dev.runshift.health.Verdict;
import dev.runshift.health.VerdictEvidence;
import dev.runshift.ports.PrintableText;
import dev.runshift.ports.RevisionMetrics;
import dev.runshift.release.Decision;
import dev.runshift.release.ReleaseStatus;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** A release's status for people: phase, traffic, step, last verdict, and the latest decisions. */
public final class StatusView {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

  private StatusView() {}

  static void print(ReleaseStatus s, PrintWriter out) {
    out.printf("release    %s%n", s.releaseId());
    out.printf("service    %s%n", s.service());
    out.printf("phase      %s%n", s.phase());
    out.printf("image      %s%n", s.image());
    out.printf("candidate  %s  %s%n", nullToDash(s.candidateRevision()),
        TrafficBar.render(s.traffic(), s.candidateRevision(), 20));
    out.printf("stable     %s%n", stable(s));
    out.printf("traffic    %s%n", traffic(s));
    out.printf("policy     %s%n", PolicySummary.of(s.policy()));
    out.printf("step       %s%n", step(s));
    out.printf("verdict    %s%n", verdict(s.lastVerdict()));
    if (s.failure() != null) {
      out.printf("failure    %s %s: %s%n", s.failure().step(), s.failure().type(),
          PrintableText.escape(s.failure().message()));
    }
    List<Decision> decisions = s.decisions() == null ? List.of() : s.decisions();
    if (!decisions.isEmpty()) {
      out.println("decisions");
      for (Decision d : decisions) {
        out.printf("  %s  %s%n", TIME.format(Instant.ofEpochMilli(d.atEpochMillis())), decision(d));
      }
    }
    out.flush();
  }

  /** The revisions serving before the candidate, known once the release has deployed it. */
  static String stable(ReleaseStatus s) {
    if (s.stableRevisions() != null && !s.stableRevisions().isEmpty()) {
      return String.join(", ", s.stableRevisions());
    }
    return s.traffic() == null ? "- (read from Cloud Run when the candidate is deployed)" : "-";
  }

  /**
   * The traffic map as the release last set or read it ({@code shop-00001 90%, shop-rel-2 10% (candidate)}),
   * said to be that: the status is not a live read of Cloud Run, so a change made outside the release
   * shows only once the release reads the service again (and never after it ended). Before the release
   * deployed, it has not touched traffic at all.
   */
  static String traffic(ReleaseStatus s) {
    if (s.traffic() == null) {
      return "unchanged by this release (it has not deployed a candidate)";
    }
    String map = s.traffic().targets().stream()
        .map(t -> (t.latest() ? "LATEST" : t.revision()) + " " + t.percent() + "%"
            + (t.tag() == null ? "" : " (" + t.tag() + ")"))
        .collect(java.util.stream.Collectors.joining(", "));
    boolean ended = s.phase() != null && s.phase().isFinal();
    return map + (ended ? "  [as this release left it; not read since]" : "  [as this release last set or read it]");
  }

  /** {@code 2/4 (25%) of [5, 25, 50, 100]}, or {@code - of [...]} before the first shift. */
  public static String step(ReleaseStatus s) {
    if (s.steps() == null || s.steps().isEmpty()) {
      return "-";
    }
    if (s.stepIndex() < 0 || s.stepIndex() >= s.steps().size()) {
      return "- of " + s.steps();
    }
    return (s.stepIndex() + 1) + "/" + s.steps().size() + " (" + s.steps().get(s.stepIndex()) + "%) of "
        + s.steps();
  }

  /** {@code HEALTHY: candidate 0.10% 5xx of 1200 req, p50 40 ms | stable 0.10% of 22800 req}. */
  public static String verdict(Verdict v) {
    if (v == null) {
      return "-";
    }
    StringBuilder b = new StringBuilder().append(v.health());
    if (v.metrics() != null) {
      b.append(": candidate ").append(metrics(v.metrics().candidate()));
      b.append(" | stable ").append(metrics(v.metrics().stable()));
    }
    if (v.reason() != null && !v.reason().isBlank()) {
      b.append(" — ").append(PrintableText.escape(v.reason()));
    }
    return b.toString();
  }

  /** {@code HEALTHY  candidate 0.10% 5xx of 1200 req, p50 40 ms | stable ...}, without the reason. */
  public static String verdictNumbers(Verdict v) {
    if (v == null) {
      return "";
    }
    if (v.evidence() != null) {
      return String.format("%-12s %s", v.health(), evidence(v.evidence()));
    }
    if (v.metrics() == null) {
      return String.valueOf(v.health());
    }
    return String.format("%-12s candidate %s | stable %s", v.health(), metrics(v.metrics().candidate()),
        metrics(v.metrics().stable()));
  }

  /** One line, whatever the reason holds: outside text is printed with its control characters escaped. */
  public static String decision(Decision d) {
    return d.what() + (d.reason() == null || d.reason().isBlank() ? "" : ": " + PrintableText.escape(d.reason()))
        + (d.by() == null || d.by().isBlank() ? "" : " (by " + PrintableText.escape(d.by()) + ")");
  }

  /**
   * The evidence line: each arm's 5xx with its anytime-valid interval, the ratio, and each test's
   * e-value against the value at which it acts.
   */
  public static String evidence(VerdictEvidence e) {
    StringBuilder out = new StringBuilder("candidate ").append(arm(e.candidate()));
    out.append(" | stable ").append(e.stable() == null ? "no traffic" : arm(e.stable()));
    if (e.baseline() != null) {
      out.append(" | baseline ").append(arm(e.baseline()));
    }
    if (e.errorRatio() != null) {
      out.append(String.format(java.util.Locale.ROOT, " | ratio %.2g [%.2g-%.2g]", e.errorRatio(),
          e.errorRatioLow(), e.errorRatioHigh()));
    }
    out.append(" | e-values");
    for (VerdictEvidence.Check c : e.checks()) {
      if (c.name().startsWith("errors.ratio") || c.name().startsWith("errors.notWorse") && !c.name().endsWith("Baseline")
          || c.rejected()) {
        out.append(String.format(java.util.Locale.ROOT, " %s %.3g/%.3g%s", c.name(), c.eValue(), c.threshold(),
            c.rejected() ? "!" : ""));
      }
    }
    return out.toString();
  }

  private static String arm(VerdictEvidence.ArmSummary a) {
    return String.format(java.util.Locale.ROOT, "%.2f%% 5xx [%.2f-%.2f%%] of %d", a.rate() * 100, a.rateLow() * 100,
        a.rateHigh() * 100, a.requests());
  }

  private static String metrics(RevisionMetrics m) {
    if (m == null) {
      return "no data";
    }
    String s = String.format("%.2f%% 5xx of %d req", m.errorRate() * 100, m.requests());
    return m.p50Ms() == null ? s : s + String.format(", p50 %.0f ms", m.p50Ms());
  }

  private static String nullToDash(String s) {
    return s == null ? "-" : s;
  }
}
