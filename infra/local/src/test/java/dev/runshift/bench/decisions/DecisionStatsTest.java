package dev.runshift.bench.decisions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.runshift.bench.decisions.ReleaseSimulation.Outcome;
import dev.runshift.bench.decisions.ReleaseSimulation.Result;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionStatsTest {
  static final long MIN = 60_000;

  @Test
  void medians() {
    assertNull(Stats.median(new long[0]));
    assertEquals(7.0, Stats.median(new long[] {7}));
    assertEquals(3.0, Stats.median(new long[] {9, 1, 3}));
    assertEquals(4.5, Stats.median(new long[] {9, 1, 3, 6}));
    long[] values = {5, 4};
    Stats.median(values);
    assertEquals(5, values[0], "the input is not reordered");
  }

  @Test
  void sharesAndMeans() {
    assertEquals(0.0, Stats.share(0, 0));
    assertEquals(0.25, Stats.share(1, 4));
    assertEquals(0.0, Stats.mean(new double[0]));
    assertEquals(2.0, Stats.mean(new double[] {1, 2, 3}));
  }

  @Test
  void policyStatsOfOneCell() {
    List<Result> results = List.of(
        new Result(Outcome.PROMOTED, 20 * MIN, 1000, 1, 0.5),
        new Result(Outcome.PROMOTED, 30 * MIN, 1000, 1, -0.5),
        new Result(Outcome.PROMOTED, 22 * MIN, 1000, 1, 0),
        new Result(Outcome.ROLLED_BACK, 4 * MIN, 100, 10, 9),
        new Result(Outcome.ASKED_OPERATOR, 65 * MIN, 10, 0, -1),
        new Result(Outcome.UNDECIDED, 360 * MIN, 10, 0, -1),
        new Result(Outcome.ROLLED_BACK, 6 * MIN, 100, 10, 9),
        new Result(Outcome.PROMOTED, 24 * MIN, 1000, 1, 0));
    PolicyStats s = PolicyStats.of("p", results);
    assertEquals(8, s.releases());
    assertEquals(4, s.promotedCount());
    assertEquals(2, s.rolledBackCount());
    assertEquals(1, s.askedOperatorCount());
    assertEquals(1, s.undecidedCount());
    assertEquals(0.5, s.promoted());
    assertEquals(0.25, s.rolledBack());
    assertEquals(0.25, s.stalled());
    assertEquals(16.0 / 8, s.meanExtra5xx(), 1e-12);
    assertEquals(9.0, s.meanExtra5xxPerRollBack());
    assertEquals(23.0, s.medianMinutesToPromote());
    assertEquals(5.0, s.medianMinutesToRollBack());
    PolicyStats none = PolicyStats.of("q", List.of(new Result(Outcome.UNDECIDED, 360 * MIN, 0, 0, 0)));
    assertNull(none.medianMinutesToPromote());
    assertNull(none.medianMinutesToRollBack());
    assertNull(none.meanExtra5xxPerRollBack());
    assertEquals(1.0, none.stalled());
  }

  static PolicyStats stats(String policy, double rolledBack, double extra, Double promoteMinutes, int promoted) {
    return new PolicyStats(policy, 100, promoted, (int) (rolledBack * 100), 0, 0, promoted / 100.0, rolledBack, 0,
        extra / 2, rolledBack > 0 ? extra : null, promoteMinutes, 3.0);
  }

  static CellReport cell(String regression, double rps, PolicyStats... stats) {
    Cell c = new Cell(0.005, Regression.parse(regression), 1.0, rps, 100, 1);
    return CellReport.of(c, List.of(stats));
  }

  @Test
  void targetsTakeTheWorstCellAndCompareWithTheOldPolicy() {
    List<CellReport> cells = List.of(
        cell("none", 10, stats("runshift", 0.005, 0, 15.0, 99), stats("threshold", 0.0, 0, 21.0, 100)),
        cell("none", 500, stats("runshift", 0.02, 0, 8.0, 98), stats("threshold", 0.0, 0, 20.0, 100)),
        cell("2x", 50, stats("runshift", 0.995, 10, null, 0), stats("threshold", 0.5, 40, 20.0, 50)),
        cell("2x", 10, stats("runshift", 0.5, 10, null, 0), stats("threshold", 0.1, 40, 20.0, 90)),
        cell("5x", 50, stats("runshift", 1.0, 30, null, 0), stats("threshold", 1.0, 50, null, 0)),
        cell("rate 20%", 1, stats("runshift", 0.9, 5, 40.0, 1), stats("threshold", 1.0, 5, null, 0)));
    List<Targets.Target> t = Targets.evaluate(cells, List.of("runshift", "threshold"));
    assertEquals(7, t.size());

    Targets.Check healthy = t.get(0).of("runshift");
    assertEquals(Targets.Status.FAIL, healthy.status());
    assertEquals(0.02, healthy.value());
    assertEquals("base 0.5%, no regression, 500 rps", healthy.where());
    assertEquals(Targets.Status.PASS, t.get(0).of("threshold").status());

    assertEquals(Targets.Status.PASS, t.get(1).of("runshift").status(), "the 10 rps cell is not held to it");
    assertEquals(0.995, t.get(1).of("runshift").value());
    assertEquals(Targets.Status.FAIL, t.get(1).of("threshold").status());

    assertEquals(Targets.Status.PASS, t.get(2).of("runshift").status());

    Targets.Check extra = t.get(3).of("runshift");
    assertEquals(0.6, extra.value(), 1e-12, "30/50 per rollback; the 2x cell, where threshold detects half, is left out");
    assertEquals("base 0.5%, 5x (2.5%), 50 rps", extra.where());
    assertEquals(Targets.Status.FAIL, extra.status());
    assertEquals(Targets.Status.NOT_APPLICABLE, t.get(3).of("threshold").status());

    assertEquals(Targets.Status.PASS, t.get(4).of("runshift").status());
    assertEquals(8.0, t.get(4).of("runshift").value());
    assertEquals(Targets.Status.FAIL, t.get(4).of("threshold").status());

    assertEquals(-6.0, t.get(5).of("runshift").value());
    assertEquals(Targets.Status.PASS, t.get(5).of("runshift").status());

    assertEquals(Targets.Status.FAIL, t.get(6).of("runshift").status());
    assertEquals(1.0, t.get(6).of("runshift").value());
    assertEquals(Targets.Status.PASS, t.get(6).of("threshold").status());
  }

  @Test
  void aTargetWithoutCellsIsNotMeasured() {
    List<CellReport> cells = List.of(cell("none", 1, stats("runshift", 0, 0, 30.0, 100)));
    List<Targets.Target> t = Targets.evaluate(cells, List.of("runshift"));
    assertEquals(Targets.Status.PASS, t.get(0).of("runshift").status());
    for (int i = 1; i < t.size(); i++) {
      assertEquals(Targets.Status.NOT_MEASURED, t.get(i).of("runshift").status(), t.get(i).target());
    }
  }

  @Test
  void neverPromotingFailsThePromotionTimeTargets() {
    List<CellReport> cells = List.of(cell("none", 500, stats("runshift", 0, 0, null, 0)));
    Targets.Target promote = Targets.evaluate(cells, List.of("runshift")).get(4);
    assertEquals(Targets.Status.FAIL, promote.of("runshift").status());
    assertEquals("never", Targets.format(promote, promote.of("runshift")));
  }
}
