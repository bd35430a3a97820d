package dev.runshift.local.cli.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code runshift bench …}: benchmarks on the embedded test server and the simulator. */
@Command(name = "bench", description = "Benchmarks in simulated time: fleet redeploys (real workflows and activities), decision quality, releases under chaos.",
    subcommands = {FleetBenchCommand.class, DecisionsBenchCommand.class, ChaosBenchCommand.class})
public final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @picocli.CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }
}
