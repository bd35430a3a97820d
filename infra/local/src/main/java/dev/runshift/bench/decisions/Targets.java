package dev.runshift.bench.decisions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The decision-quality targets Runshift's default policy is held to, checked for every policy of a run:
 *
 * <ol>
 *   <li>a healthy candidate is rolled back in at most 1% of releases, in every healthy cell;
 *   <li>a 2x regression is rolled back in at least 99% of releases at 50 requests/s or more;
 *   <li>a 5x or +5 points regression is rolled back in at least 99% at 10 requests/s or more;
 *   <li>in regression cells at 50 requests/s or more, the extra 5xx served before a rollback (mean over
 *       the rolled-back releases) is at most half of the old threshold policy's, in every cell where both
 *       policies detect the regression ({@value #DETECTED} of releases rolled back or more): where the old
 *       policy mostly promotes, its few rollbacks are flukes and say nothing of its harm, which the
 *       detection targets measure;
 *   <li>a healthy candidate at 500 requests/s is promoted in a median of 10 minutes or less;
 *   <li>at 10 requests/s, no slower (median) than the old threshold policy;
 *   <li>a candidate with 20% 5xx or more is never promoted.
 * </ol>
 *
 * A target without cells in the corpus is NOT_MEASURED; the comparisons with the old threshold policy
 * are NOT_APPLICABLE to that policy itself.
 */
public final class Targets {
  /** The policy the relative targets compare with. */
  public static final String REFERENCE = "threshold";
  /** The share of releases rolled back from which a policy is said to detect a cell's regression. */
  public static final double DETECTED = 0.9;

  public enum Status { PASS, FAIL, NOT_MEASURED, NOT_APPLICABLE }

  /**
   * @param value the worst value over the target's cells (a share, a ratio, minutes or a count; see
   *     {@code unit})
   * @param where the cell it was found in
   */
  public record Check(String policy, Status status, Double value, String where) {}

  public record Target(String target, String unit, List<Check> checks) {
    public Check of(String policy) {
      return checks.stream().filter(c -> c.policy().equals(policy)).findFirst().orElse(null);
    }
  }

  private Targets() {}

  public static List<Target> evaluate(List<CellReport> cells, List<String> policies) {
    List<Target> out = new ArrayList<>();
    out.add(worst("healthy rolled back <= 1% (every cell)", "share", cells, policies,
        CellReport::healthy, (c, p) -> p.rolledBack(), true, v -> v <= 0.01));
    out.add(worst("2x rolled back >= 99% (>= 50 rps)", "share", cells, policies,
        c -> is(c, Regression.Kind.FACTOR, 2) && c.requestsPerSecond() >= 50, (c, p) -> p.rolledBack(), false,
        v -> v >= 0.99));
    out.add(worst("5x, +5 points rolled back >= 99% (>= 10 rps)", "share", cells, policies,
        c -> (is(c, Regression.Kind.FACTOR, 5) || is(c, Regression.Kind.POINTS, 0.05)) && c.requestsPerSecond() >= 10,
        (c, p) -> p.rolledBack(), false, v -> v >= 0.99));
    out.add(relative("extra 5xx per rollback <= 0.5x threshold's (>= 50 rps)", "ratio", cells, policies,
        c -> !c.healthy() && c.requestsPerSecond() >= 50,
        (p, ref) -> p.rolledBack() >= DETECTED && ref.rolledBack() >= DETECTED && ref.meanExtra5xxPerRollBack() > 0
            ? p.meanExtra5xxPerRollBack() / ref.meanExtra5xxPerRollBack() : null,
        v -> v <= 0.5));
    out.add(worst("healthy promoted in <= 10 min (500 rps, median)", "minutes", cells, policies,
        c -> c.healthy() && c.requestsPerSecond() >= 500, (c, p) -> p.medianMinutesToPromote(), true,
        v -> v <= 10));
    out.add(relative("healthy promoted no slower than threshold (10 rps)", "minutes more",
        cells, policies, c -> c.healthy() && c.requestsPerSecond() == 10,
        (p, ref) -> p.medianMinutesToPromote() == null || ref.medianMinutesToPromote() == null
            ? (p.medianMinutesToPromote() == null ? Double.POSITIVE_INFINITY : null)
            : p.medianMinutesToPromote() - ref.medianMinutesToPromote(),
        v -> v <= 0));
    out.add(worst("20% 5xx candidate never promoted", "promoted", cells, policies,
        c -> c.candidateRate() >= 0.2, (c, p) -> (double) p.promotedCount(), true, v -> v == 0));
    return out;
  }

  private interface Measure {
    Double of(CellReport cell, PolicyStats stats);
  }

  private interface Relative {
    Double of(PolicyStats stats, PolicyStats reference);
  }

  /** The worst value over the matching cells (highest when {@code higherIsWorse}); null counts as worst. */
  private static Target worst(String name, String unit, List<CellReport> cells, List<String> policies,
      Predicate<CellReport> applies, Measure measure, boolean higherIsWorse, Predicate<Double> passes) {
    List<Check> checks = new ArrayList<>();
    for (String policy : policies) {
      Double worst = null;
      String where = null;
      boolean any = false;
      boolean missing = false;
      for (CellReport c : cells) {
        PolicyStats p = c.of(policy);
        if (p == null || !applies.test(c)) {
          continue;
        }
        any = true;
        Double v = measure.of(c, p);
        if (v == null) {
          if (!missing) {
            missing = true;
            worst = null;
            where = c.cell();
          }
          continue;
        }
        if (!missing && (worst == null || (higherIsWorse ? v > worst : v < worst))) {
          worst = v;
          where = c.cell();
        }
      }
      Status status = !any ? Status.NOT_MEASURED
          : missing ? Status.FAIL
          : passes.test(worst) ? Status.PASS : Status.FAIL;
      checks.add(new Check(policy, status, worst, where));
    }
    return new Target(name, unit, checks);
  }

  /** The highest value of {@code measure(policy, reference)} over the matching cells. */
  private static Target relative(String name, String unit, List<CellReport> cells, List<String> policies,
      Predicate<CellReport> applies, Relative measure, Predicate<Double> passes) {
    List<Check> checks = new ArrayList<>();
    for (String policy : policies) {
      if (policy.equals(REFERENCE)) {
        checks.add(new Check(policy, Status.NOT_APPLICABLE, null, null));
        continue;
      }
      Double worst = null;
      String where = null;
      for (CellReport c : cells) {
        PolicyStats p = c.of(policy);
        PolicyStats ref = c.of(REFERENCE);
        if (p == null || ref == null || !applies.test(c)) {
          continue;
        }
        Double v = measure.of(p, ref);
        if (v != null && (worst == null || v > worst)) {
          worst = v;
          where = c.cell();
        }
      }
      Status status = worst == null ? Status.NOT_MEASURED : passes.test(worst) ? Status.PASS : Status.FAIL;
      checks.add(new Check(policy, status, worst == null || worst.isInfinite() ? null : worst, where));
    }
    return new Target(name, unit, checks);
  }

  private static boolean is(CellReport c, Regression.Kind kind, double value) {
    Regression r = Regression.parse(c.regression());
    return c.latencyChange() == 1.0 && r.kind() == kind && Math.abs(r.value() - value) < 1e-9;
  }

  /** A check's value as the table shows it. */
  static String format(Target t, Check c) {
    if (c.value() == null) {
      return c.status() == Status.FAIL && t.unit().startsWith("minutes") ? "never" : "-";
    }
    double v = c.value();
    return switch (t.unit()) {
      case "share" -> String.format(Locale.ROOT, "%.1f%%", v * 100);
      case "ratio" -> String.format(Locale.ROOT, "%.2fx", v);
      case "minutes" -> String.format(Locale.ROOT, "%.1f min", v);
      case "minutes more" -> String.format(Locale.ROOT, "%+.1f min", v);
      case "promoted" -> String.format(Locale.ROOT, "%d", (long) v);
      default -> String.valueOf(v);
    };
  }
}
