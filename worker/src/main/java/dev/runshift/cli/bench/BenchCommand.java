package dev.runshift.cli.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code runshift bench …}: benchmarks on the embedded test server and the simulator. */
@Command(name = "bench", description = "Benchmarks (simulated time, real workflows and activities).",
    subcommands = {FleetBenchCommand.class})
public final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }
}
