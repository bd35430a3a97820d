package dev.runshift.bench.decisions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The decision-quality benchmark: every cell of a {@link Corpus}, replicate by replicate, through every
 * policy on the same random streams ({@link ReleaseSimulation}), summarised per policy and cell
 * ({@link PolicyStats}) and checked against the {@link Targets}. Measures, does not assert: a benchmark,
 * not a test.
 */
public final class DecisionBenchmark {
  public static final Duration DEFAULT_DELAY = Duration.ofMinutes(2);
  public static final Duration DEFAULT_HORIZON = Duration.ofHours(6);

  /**
   * @param delay how long after a sample period ends Monitoring shows it
   * @param horizon a release still undecided this long after its start counts as stalled
   * @param threads cells simulated in parallel
   */
  public record Options(Corpus corpus, Duration delay, Duration horizon, int threads) {
    public Options {
      if (delay.isNegative()) {
        throw new IllegalArgumentException("the metrics delay cannot be negative: " + delay);
      }
      if (horizon.isNegative() || horizon.isZero()) {
        throw new IllegalArgumentException("the horizon must be positive: " + horizon);
      }
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be at least 1: " + threads);
      }
    }
  }

  private DecisionBenchmark() {}

  /**
   * Runshift's default policy first (the targets are its), then the old threshold policy (the reference
   * of the relative targets), then the other tools.
   */
  public static List<PolicyUnderTest> policies() {
    return List.of(
        RunshiftPolicy.defaults(),
        RunshiftPolicy.oldThreshold(),
        new AnchorPolicy<>(new CrrmRule()),
        new AnchorPolicy<>(new FlaggerRule()),
        new AnchorPolicy<>(new ArgoRule()));
  }

  public static DecisionReport run(Options o, List<PolicyUnderTest> policies, Consumer<String> progress)
      throws InterruptedException {
    long start = System.nanoTime();
    List<Cell> cells = o.corpus().cells();
    ExecutorService pool = Executors.newFixedThreadPool(o.threads(), r -> {
      Thread t = new Thread(r, "bench-decisions");
      t.setDaemon(true);
      return t;
    });
    try {
      AtomicInteger done = new AtomicInteger();
      List<Future<CellReport>> futures = new ArrayList<>();
      for (Cell cell : cells) {
        futures.add(pool.submit(() -> {
          CellReport r = cell(cell, policies, o.delay(), o.horizon());
          progress.accept("cell " + done.incrementAndGet() + "/" + cells.size() + " done: " + cell.label());
          return r;
        }));
      }
      List<CellReport> reports = new ArrayList<>();
      for (Future<CellReport> f : futures) {
        try {
          reports.add(f.get());
        } catch (ExecutionException e) {
          if (e.getCause() instanceof RuntimeException re) {
            throw re;
          }
          throw new IllegalStateException(e.getCause());
        }
      }
      long wall = (System.nanoTime() - start) / 1_000_000;
      return DecisionReport.of(o.corpus(), o.delay(), o.horizon(), o.threads(), policies, reports, wall);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Every replicate of {@code cell} through every policy: replicate i has one seed for all policies. */
  static CellReport cell(Cell cell, List<PolicyUnderTest> policies, Duration delay, Duration horizon) {
    List<List<ReleaseSimulation.Result>> results = new ArrayList<>();
    policies.forEach(p -> results.add(new ArrayList<>()));
    for (int i = 0; i < cell.replicates(); i++) {
      long seed = cell.replicateSeed(i);
      for (int p = 0; p < policies.size(); p++) {
        results.get(p).add(ReleaseSimulation.run(policies.get(p), cell, seed, delay, horizon));
      }
    }
    List<PolicyStats> stats = new ArrayList<>();
    for (int p = 0; p < policies.size(); p++) {
      stats.add(PolicyStats.of(policies.get(p).name(), results.get(p)));
    }
    return CellReport.of(cell, stats);
  }
}
