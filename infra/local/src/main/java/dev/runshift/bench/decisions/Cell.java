package dev.runshift.bench.decisions;

/**
 * One cell of the corpus: a kind of release, simulated {@code replicates} times.
 *
 * @param baseRate the stable revision's 5xx rate, a fraction
 * @param regression how the candidate's 5xx rate relates to {@code baseRate}
 * @param latencyChange the candidate's latencies (p50 and p99) as a multiple of stable's (1: unchanged)
 * @param requestsPerSecond the service's total request rate, split between stable and candidate by the
 *     traffic percents
 * @param replicates releases simulated for this cell, for every policy
 * @param seed the cell's seed: replicate {@code i} uses {@link #replicateSeed(int)}, the same for every
 *     policy (common random numbers)
 */
public record Cell(
    double baseRate, Regression regression, double latencyChange, double requestsPerSecond, int replicates, long seed) {

  public Cell {
    Rates.check(baseRate, baseRate);
    if (regression == null) {
      regression = Regression.NONE;
    }
    if (!(latencyChange > 0) || Double.isInfinite(latencyChange)) {
      throw new IllegalArgumentException("latencyChange must be a positive multiple, got " + latencyChange);
    }
    if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
      throw new IllegalArgumentException("requestsPerSecond must be positive, got " + requestsPerSecond);
    }
    if (replicates < 1) {
      throw new IllegalArgumentException("replicates must be at least 1, got " + replicates);
    }
  }

  /** The candidate's 5xx rate. */
  public double candidateRate() {
    return regression.candidateRate(baseRate);
  }

  /** No 5xx regression and no latency change: every rollback is a false one. */
  public boolean healthy() {
    return regression.isNone() && latencyChange == 1.0;
  }

  public boolean latencyChanged() {
    return latencyChange != 1.0;
  }

  public Cell withReplicates(int n) {
    return new Cell(baseRate, regression, latencyChange, requestsPerSecond, n, seed);
  }

  /** The seed of replicate {@code i}: the same for every policy. */
  public long replicateSeed(int i) {
    return mix(seed + 0x9E3779B97F4A7C15L * (i + 1));
  }

  /** {@code base 0.1%, 2x (0.2%), 50 rps}, plus the latency change when there is one. */
  public String label() {
    StringBuilder b = new StringBuilder("base ").append(Rates.percent(baseRate)).append(", ");
    if (regression.isNone()) {
      b.append("no regression");
    } else {
      b.append(regression.label()).append(" (").append(Rates.percent(candidateRate())).append(')');
    }
    if (latencyChanged()) {
      b.append(", latency ").append(Rates.number(latencyChange)).append('x');
    }
    return b.append(", ").append(Rates.number(requestsPerSecond)).append(" rps").toString();
  }

  /** A well-mixed 64-bit value (SplitMix64's finalizer). */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
