package dev.runshift.bench.decisions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.runshift.config.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** What one run of the decision benchmark measured: as a readable table ({@link #text()}) or JSON. */
public record DecisionReport(
    String corpus,
    String delay,
    String horizon,
    int threads,
    List<Policy> policies,
    List<CellReport> cells,
    List<Targets.Target> targets,
    long releases,
    long wallMillis) {

  /** A policy of the run. */
  public record Policy(String name, String description) {}

  private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  static DecisionReport of(Corpus corpus, Duration delay, Duration horizon, int threads,
      List<PolicyUnderTest> policies, List<CellReport> cells, long wallMillis) {
    List<String> names = policies.stream().map(PolicyUnderTest::name).toList();
    long releases = cells.stream().mapToLong(c -> c.policies().stream().mapToLong(PolicyStats::releases).sum()).sum();
    return new DecisionReport(corpus.source(), Durations.format(delay), Durations.format(horizon), threads,
        policies.stream().map(p -> new Policy(p.name(), p.description())).toList(), cells,
        Targets.evaluate(cells, names), releases, wallMillis);
  }

  public String json() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The tables: one block per cell, then the targets, then the totals. */
  public String text() {
    StringBuilder b = new StringBuilder();
    int replicates = cells.stream().mapToInt(CellReport::replicates).max().orElse(0);
    b.append("decision benchmark: ").append(cells.size()).append(" cells (").append(corpus).append("), ")
        .append(policies.size()).append(" policies, ")
        .append(cells.stream().allMatch(c -> c.replicates() == replicates) ? replicates + " releases per cell and policy"
            : "up to " + replicates + " releases per cell and policy")
        .append(", metrics delay ").append(delay).append(", horizon ").append(horizon).append('\n');
    for (Policy p : policies) {
      b.append(String.format(Locale.ROOT, "  %-10s %s%n", p.name(), p.description()));
    }
    b.append("columns: rolled back = false rollbacks (healthy cell) or detections (regression cell); stalled = "
        + "waiting for an operator or undecided at the horizon;\n  extra 5xx = candidate 5xx beyond the base "
        + "rate until the decision, mean per release (per rollback: over the rolled-back releases only);\n  times "
        + "are medians from the release's start\n");
    for (CellReport c : cells) {
      b.append('\n').append(c.cell()).append(c.healthy() ? "  [healthy]" : "  [regression]")
          .append("  (").append(c.replicates()).append(" releases, seed ").append(c.seed()).append(")\n");
      b.append(String.format(Locale.ROOT, "  %-10s %11s %9s %8s %10s %13s %11s %12s%n",
          "policy", "rolled back", "promoted", "stalled", "extra 5xx", "per rollback", "to promote", "to roll back"));
      for (PolicyStats p : c.policies()) {
        b.append(String.format(Locale.ROOT, "  %-10s %11s %9s %8s %10.1f %13s %11s %12s%n", p.policy(),
            percent(p.rolledBack()), percent(p.promoted()), percent(p.stalled()), p.meanExtra5xx(),
            p.meanExtra5xxPerRollBack() == null ? "-" : String.format(Locale.ROOT, "%.1f", p.meanExtra5xxPerRollBack()),
            minutes(p.medianMinutesToPromote()), minutes(p.medianMinutesToRollBack())));
      }
    }
    b.append("\ntargets (Runshift's default policy is held to them; every policy is shown):\n");
    int width = targets.stream().mapToInt(t -> t.target().length()).max().orElse(6);
    String targetColumn = "  %-" + width + "s";
    StringBuilder header = new StringBuilder(String.format(Locale.ROOT, targetColumn, "target"));
    for (Policy p : policies) {
      header.append(String.format(Locale.ROOT, "  %-16s", p.name()));
    }
    b.append(header.toString().stripTrailing()).append('\n');
    for (Targets.Target t : targets) {
      StringBuilder row = new StringBuilder(String.format(Locale.ROOT, targetColumn, t.target()));
      for (Policy p : policies) {
        Targets.Check c = t.of(p.name());
        String cell = switch (c.status()) {
          case PASS -> "pass " + Targets.format(t, c);
          case FAIL -> "FAIL " + Targets.format(t, c);
          case NOT_MEASURED -> "not measured";
          case NOT_APPLICABLE -> "(reference)";
        };
        row.append(String.format(Locale.ROOT, "  %-16s", cell));
      }
      b.append(row.toString().stripTrailing()).append('\n');
    }
    for (Targets.Target t : targets) {
      Targets.Check c = t.of(policies.get(0).name());
      if (c != null && c.status() == Targets.Status.FAIL && c.where() != null) {
        b.append("  ").append(c.policy()).append(" misses \"").append(t.target()).append("\" at ").append(c.where())
            .append('\n');
      }
    }
    b.append(String.format(Locale.ROOT, "%nreleases simulated: %,d; wall time %.1f s on %d thread(s)%n",
        releases, wallMillis / 1000.0, threads));
    return b.toString();
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f%%", share * 100);
  }

  private static String minutes(Double m) {
    return m == null ? "-" : String.format(Locale.ROOT, "%.1f min", m);
  }
}
