package dev.runshift.bench.decisions;

import java.util.List;

/** One cell's parameters and every policy's statistics in it. */
public record CellReport(
    String cell,
    double baseRate,
    String regression,
    double candidateRate,
    double latencyChange,
    double requestsPerSecond,
    int replicates,
    long seed,
    boolean healthy,
    List<PolicyStats> policies) {

  public CellReport {
    policies = List.copyOf(policies);
  }

  static CellReport of(Cell c, List<PolicyStats> stats) {
    return new CellReport(c.label(), c.baseRate(), c.regression().label(), c.candidateRate(), c.latencyChange(),
        c.requestsPerSecond(), c.replicates(), c.seed(), c.healthy(), stats);
  }

  /** The statistics of {@code policy}, or null if it did not run. */
  public PolicyStats of(String policy) {
    return policies.stream().filter(p -> p.policy().equals(policy)).findFirst().orElse(null);
  }
}
