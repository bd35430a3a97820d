package dev.runshift.local.cli.bench;

import dev.runshift.bench.decisions.Corpus;
import dev.runshift.bench.decisions.DecisionBenchmark;
import dev.runshift.bench.decisions.DecisionReport;
import dev.runshift.config.Durations;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code runshift bench decisions}: see {@link DecisionBenchmark}. */
@Command(
    name = "decisions",
    description = {
      "Decision quality of rollout policies on a Monte-Carlo corpus of simulated releases (a benchmark, not a test).",
      "",
      "Every cell of the corpus (stable's 5xx rate, the candidate's regression, latency change, requests/s) is "
          + "released REPLICATES times by each policy, on the same random streams (replicate i has one seed for "
          + "every policy). Traffic is drawn by the local simulator's request model in 60 s periods; a policy sees "
          + "a period only once it is DELAY old, as with Cloud Monitoring. Policies: Runshift's default policy and "
          + "its old threshold policy, through Runshift's own decision code; Cloud Run Release Manager, Flagger "
          + "and Argo Rollouts defaults, emulated.",
      "",
      "Output per cell and policy: rolled back (the false-rollback rate in a healthy cell, the detection rate "
          + "in a regression cell), promoted, stalled (waiting for an operator or undecided at the horizon), extra "
          + "5xx (candidate 5xx beyond the base rate until the decision, mean per release), median minutes to "
          + "promote and to roll back; then the targets (healthy rolled back <= 1%%, 2x detected >= 99%% at >= 50 "
          + "rps, ...), the releases simulated and the wall time.",
      ""
    })
public final class DecisionsBenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--corpus", paramLabel = "FILE",
      description = "Corpus file (YAML or JSON: replicates, seed, grid of baseRates x regressions x "
          + "latencyChanges x requestsPerSecond, and/or cells). Default: the built-in corpus, base rates 0.1%%, "
          + "0.5%%, 0.9%% x regressions none, 2x, 5x, +5 points x 1, 10, 50, 500 rps, plus a 20%% 5xx candidate "
          + "at each rate; 200 replicates.")
  Path corpus;

  @Option(names = "--delay", paramLabel = "DURATION", defaultValue = "2m", converter = DurationConverter.class,
      description = "How long after a 60 s period ends its metrics become visible (default: ${DEFAULT-VALUE}).")
  Duration delay;

  @Option(names = "--replicates", paramLabel = "N",
      description = "Releases per cell and policy, overriding the corpus (default: the corpus's; 200 in the "
          + "built-in one: 52,000 releases, about a minute on 2 cores).")
  Integer replicates;

  @Option(names = "--horizon", paramLabel = "DURATION", defaultValue = "6h", converter = DurationConverter.class,
      description = "Simulated time after which an undecided release counts as stalled (default: ${DEFAULT-VALUE}).")
  Duration horizon;

  @Option(names = "--threads", paramLabel = "N",
      description = "Cells simulated in parallel (default: the available processors).")
  Integer threads;

  @Option(names = "--json", description = "Print the results as JSON instead of tables.")
  boolean json;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Override
  public Integer call() throws Exception {
    if (replicates != null && replicates < 1) {
      throw new ParameterException(spec.commandLine(), "--replicates must be at least 1, got " + replicates);
    }
    if (threads != null && threads < 1) {
      throw new ParameterException(spec.commandLine(), "--threads must be at least 1, got " + threads);
    }
    if (horizon.isZero() || horizon.isNegative()) {
      throw new ParameterException(spec.commandLine(), "--horizon must be positive");
    }
    Corpus c = corpus == null ? Corpus.defaults() : Corpus.read(corpus);
    if (replicates != null) {
      c = c.withReplicates(replicates);
    }
    int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    PrintWriter err = spec.commandLine().getErr();
    DecisionReport report = DecisionBenchmark.run(
        new DecisionBenchmark.Options(c, delay, horizon, n), DecisionBenchmark.policies(), line -> {
          synchronized (err) {
            err.println(line);
            err.flush();
          }
        });
    PrintWriter out = spec.commandLine().getOut();
    out.println(json ? report.json() : report.text());
    out.flush();
    return 0;
  }

  /** Durations as in policy files: 30s, 2m, 1h30m or ISO-8601; not negative. */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      Duration d = Durations.parse(value);
      if (d.isNegative()) {
        throw new IllegalArgumentException("must not be negative: " + value);
      }
      return d;
    }
  }
}
