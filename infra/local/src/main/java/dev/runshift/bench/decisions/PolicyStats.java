package dev.runshift.bench.decisions;

import dev.runshift.bench.decisions.ReleaseSimulation.Outcome;
import dev.runshift.bench.decisions.ReleaseSimulation.Result;
import java.util.List;

/**
 * One policy's releases in one cell.
 *
 * @param rolledBack share of releases rolled back: the false-rollback rate in a healthy cell, the
 *     detection rate in a regression cell
 * @param stalled share waiting for an operator, or undecided at the horizon
 * @param meanExtra5xx candidate 5xx beyond the base rate until the decision (candidate 5xx minus
 *     candidate requests x base rate), mean per release whatever its outcome
 * @param meanExtra5xxPerRollBack the same, mean over the rolled-back releases only (null: none)
 * @param medianMinutesToPromote median time from start to promotion of the promoted releases (null: none)
 * @param medianMinutesToRollBack median time from start to rollback of the rolled-back ones (null: none)
 */
public record PolicyStats(
    String policy,
    int releases,
    int promotedCount,
    int rolledBackCount,
    int askedOperatorCount,
    int undecidedCount,
    double promoted,
    double rolledBack,
    double stalled,
    double meanExtra5xx,
    Double meanExtra5xxPerRollBack,
    Double medianMinutesToPromote,
    Double medianMinutesToRollBack) {

  public static PolicyStats of(String policy, List<Result> results) {
    int n = results.size();
    int promoted = count(results, Outcome.PROMOTED);
    int rolledBack = count(results, Outcome.ROLLED_BACK);
    int asked = count(results, Outcome.ASKED_OPERATOR);
    int undecided = count(results, Outcome.UNDECIDED);
    double[] extra = results.stream().mapToDouble(Result::extra5xx).toArray();
    double[] extraPerRollBack = results.stream().filter(r -> r.outcome() == Outcome.ROLLED_BACK)
        .mapToDouble(Result::extra5xx).toArray();
    return new PolicyStats(policy, n, promoted, rolledBack, asked, undecided,
        Stats.share(promoted, n), Stats.share(rolledBack, n), Stats.share(asked + undecided, n), Stats.mean(extra),
        extraPerRollBack.length == 0 ? null : Stats.mean(extraPerRollBack),
        minutes(Stats.median(millisOf(results, Outcome.PROMOTED))),
        minutes(Stats.median(millisOf(results, Outcome.ROLLED_BACK))));
  }

  private static int count(List<Result> results, Outcome o) {
    return (int) results.stream().filter(r -> r.outcome() == o).count();
  }

  private static long[] millisOf(List<Result> results, Outcome o) {
    return results.stream().filter(r -> r.outcome() == o).mapToLong(Result::millis).toArray();
  }

  private static Double minutes(Double millis) {
    return millis == null ? null : millis / 60_000.0;
  }
}
