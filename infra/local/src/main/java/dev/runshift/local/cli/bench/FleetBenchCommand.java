package dev.runshift.local.cli.bench;

import dev.runshift.bench.FleetBenchmark;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runshift bench fleet --services N}: see {@link FleetBenchmark}. */
@Command(name = "fleet", description = "Fleet redeploy of N simulated services under the Cloud Run write quota.")
public final class FleetBenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--services", defaultValue = "200", description = "Services (default: ${DEFAULT-VALUE}).")
  int services;

  @Option(names = "--regions", defaultValue = "1", description = "Regions the services are spread over (default: ${DEFAULT-VALUE}).")
  int regions;

  @Option(names = "--write-quota", defaultValue = "60", description = "Cloud Run writes per minute per region (default: ${DEFAULT-VALUE}).")
  int writeQuota;

  @Option(names = "--max-in-flight", defaultValue = "50", description = "Fleet max in flight (default: ${DEFAULT-VALUE}).")
  int maxInFlight;

  @Option(names = "--max-failures", defaultValue = "5", description = "Fleet failure budget (default: ${DEFAULT-VALUE}).")
  int maxFailures;

  @Override
  public Integer call() throws Exception {
    FleetBenchmark.Result result = FleetBenchmark.run(
        new FleetBenchmark.Options(services, regions, writeQuota, maxInFlight, maxFailures));
    spec.commandLine().getOut().println(result.report());
    spec.commandLine().getOut().flush();
    return 0;
  }
}
