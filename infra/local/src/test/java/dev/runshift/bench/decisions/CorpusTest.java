package dev.runshift.bench.decisions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runshift.config.ConfigException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CorpusTest {

  @Test
  void theDefaultCorpusIsTheGridPlusTwentyPercentCandidates() {
    Corpus c = Corpus.defaults();
    assertEquals(3 * 4 * 4 + 4, c.cells().size());
    assertTrue(c.cells().stream().allMatch(cell -> cell.replicates() == 200));
    assertEquals(12, c.cells().stream().filter(Cell::healthy).count());
    assertEquals(4, c.cells().stream().filter(cell -> cell.candidateRate() == 0.2).count());
    Set<Double> bases = new HashSet<>();
    Set<Double> rates = new HashSet<>();
    c.cells().forEach(cell -> {
      bases.add(cell.baseRate());
      rates.add(cell.requestsPerSecond());
    });
    assertEquals(Set.of(0.001, 0.005, 0.009), bases);
    assertEquals(Set.of(1.0, 10.0, 50.0, 500.0), rates);
    assertEquals(c.cells().size(), c.cells().stream().map(Cell::seed).distinct().count(), "one seed per cell");
    assertEquals(52L * 200 * 5, c.releases(5));
  }

  @Test
  void absentFieldsTakeTheirDefaults() {
    Corpus c = Corpus.parse("t", """
        cells:
          - {baseRate: 0.005, requestsPerSecond: 10}
        """);
    Cell cell = c.cells().get(0);
    assertEquals(Corpus.DEFAULT_REPLICATES, cell.replicates());
    assertEquals(Regression.NONE, cell.regression());
    assertEquals(1.0, cell.latencyChange());
    assertTrue(cell.healthy());
    assertEquals(Corpus.derivedSeed(Corpus.DEFAULT_SEED, 0.005, Regression.NONE, 1.0, 10), cell.seed());
  }

  @Test
  void readsEveryFormOfEveryField() {
    Corpus c = Corpus.parse("t", """
        replicates: 7
        seed: 99
        grid:
          baseRates: [0.1%, 0.002]
          regressions: [none, 2x, +5 points, rate 20%]
          latencyChanges: [none, 1.5x]
          requestsPerSecond: 50
        cells:
          - baseRate: 0.9%
            regression: 5x
            latencyChange: 2
            requestsPerSecond: 0.5
            replicates: 3
            seed: 42
        """);
    assertEquals(2 * 4 * 2 + 1, c.cells().size());
    Cell last = c.cells().get(c.cells().size() - 1);
    assertEquals(0.009, last.baseRate(), 1e-12);
    assertEquals(0.045, last.candidateRate(), 1e-12);
    assertEquals(2.0, last.latencyChange());
    assertEquals(0.5, last.requestsPerSecond());
    assertEquals(3, last.replicates());
    assertEquals(42, last.seed());
    assertTrue(c.cells().subList(0, 16).stream().allMatch(cell -> cell.replicates() == 7));
    List<Double> candidates = c.cells().stream().filter(cell -> cell.baseRate() == 0.001 && !cell.latencyChanged())
        .map(Cell::candidateRate).toList();
    assertEquals(List.of(0.001, 0.002, 0.051, 0.2), candidates.stream().map(v -> Math.round(v * 1e6) / 1e6).toList());
  }

  @Test
  void aCellsSeedDependsOnItsParametersNotItsPosition() {
    Corpus one = Corpus.parse("t", "cells: [{baseRate: 0.1%, requestsPerSecond: 1}, {baseRate: 0.5%, requestsPerSecond: 1}]");
    Corpus two = Corpus.parse("t", "cells: [{baseRate: 0.5%, requestsPerSecond: 1}]");
    assertEquals(one.cells().get(1).seed(), two.cells().get(0).seed());
    assertNotEquals(one.cells().get(0).seed(), one.cells().get(1).seed());
    Corpus reseeded = Corpus.parse("t", "seed: 2\ncells: [{baseRate: 0.5%, requestsPerSecond: 1}]");
    assertNotEquals(two.cells().get(0).seed(), reseeded.cells().get(0).seed());
  }

  @Test
  void replicatesCanBeOverridden() {
    Corpus c = Corpus.defaults().withReplicates(20);
    assertTrue(c.cells().stream().allMatch(cell -> cell.replicates() == 20));
    assertEquals(Corpus.defaults().cells().get(3).seed(), c.cells().get(3).seed());
  }

  @Test
  void badInputNamesTheField() {
    assertError("cells[1].baseRate", "\"abc\" is not a rate",
        "cells: [{baseRate: 0.1%, requestsPerSecond: 1}, {baseRate: abc, requestsPerSecond: 1}]");
    assertError("cells[0].baseRate", "not a rate in [0, 1]", "cells: [{baseRate: 150%, requestsPerSecond: 1}]");
    assertError("cells[0].requestsPerSecond", "missing", "cells: [{baseRate: 0.1%}]");
    assertError("cells[0].requestsPerSecond", "not a positive number",
        "cells: [{baseRate: 0.1%, requestsPerSecond: -3}]");
    assertError("cells[0].regression", "is not a regression (write none, 2x, +5 points or rate 20%)",
        "cells: [{baseRate: 0.1%, requestsPerSecond: 1, regression: worse}]");
    assertError("cells[0].latencyChange", "not a latency multiple",
        "cells: [{baseRate: 0.1%, requestsPerSecond: 1, latencyChange: slow}]");
    assertError("cells[0].rps", "unknown field", "cells: [{baseRate: 0.1%, rps: 1}]");
    assertError("grid.requestsPerSecond", "missing", "grid: {baseRates: [0.1%]}");
    assertError("grid.regressions[1]", "is not a regression", "grid: {baseRates: [0.1%], regressions: [2x, 3y], "
        + "requestsPerSecond: [1]}");
    assertError("replicates", "not a whole number of at least 1", "replicates: 0\ncells: []");
    assertError("seed", "not a whole number", "seed: 1.5\ncells: []");
    assertError("cellz", "unknown field", "cellz: []");
    assertError(null, "no cells", "replicates: 3");
    assertError(null, "empty", "");
  }

  @Test
  void invalidYamlIsReportedWithItsLine() {
    ConfigException e = assertThrows(ConfigException.class, () -> Corpus.parse("c.yaml", "cells: [\n  {baseRate: 1"));
    assertTrue(e.getMessage().startsWith("c.yaml: not valid YAML"), e.getMessage());
  }

  @Test
  void regressionsParseAndPrintTheirForms() {
    assertEquals(0.01, Regression.parse("2x").candidateRate(0.005), 1e-12);
    assertEquals(0.055, Regression.parse("+5 points").candidateRate(0.005), 1e-12);
    assertEquals(0.055, Regression.parse("+5pp").candidateRate(0.005), 1e-12);
    assertEquals(0.2, Regression.parse("rate 20%").candidateRate(0.005), 1e-12);
    assertEquals(0.2, Regression.parse("rate 0.2").candidateRate(0.005), 1e-12);
    assertEquals(1.0, Regression.parse("500x").candidateRate(0.005), 1e-12);
    for (String form : List.of("none", "2x", "5x", "+5 points", "rate 20%", "1.5x")) {
      assertEquals(form, Regression.parse(form).label());
    }
    assertThrows(IllegalArgumentException.class, () -> Regression.parse("rate 120%"));
  }

  private static void assertError(String field, String problem, String yaml) {
    ConfigException e = assertThrows(ConfigException.class, () -> Corpus.parse("corpus.yaml", yaml));
    assertEquals(field, e.field(), e.getMessage());
    assertTrue(e.getMessage().startsWith("corpus.yaml: " + (field == null ? "" : field + ": ")), e.getMessage());
    assertTrue(e.getMessage().contains(problem), e.getMessage());
  }
}
