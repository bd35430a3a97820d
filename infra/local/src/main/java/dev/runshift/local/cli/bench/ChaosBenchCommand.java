package dev.runshift.local.cli.bench;

import dev.runshift.bench.ChaosBenchmark;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runshift bench chaos --releases N}: see {@link ChaosBenchmark}. */
@Command(name = "chaos",
    description = {"N concurrent releases under transient faults on every Google API, a tight write quota and"
        + " activity-worker restarts, against the same releases without faults (run in the same process).",
        "Prints expected outcomes, parked, stuck, duplicate builds and revisions, wrong final traffic maps, time"
            + " inflation and the largest history. Exit code 0 when every release ended as expected with no"
            + " operator, no duplicate and exact traffic; 1 otherwise."})
public final class ChaosBenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--releases", defaultValue = "50", description = "Concurrent releases (default: ${DEFAULT-VALUE}).")
  int releases;

  @Option(names = "--fault-rate", defaultValue = "0.2",
      description = "Fraction of every Google API call that fails, split evenly over UNAVAILABLE, INTERNAL, ABORTED,"
          + " DEADLINE_EXCEEDED and RESOURCE_EXHAUSTED (default: ${DEFAULT-VALUE}).")
  double faultRate;

  @Option(names = "--write-quota", defaultValue = "30",
      description = "Cloud Run writes per minute in the region under chaos (default: ${DEFAULT-VALUE}).")
  int writeQuota;

  @Option(names = "--restart-every-minutes", defaultValue = "2",
      description = "Simulated minutes between activity-worker restarts under chaos (default: ${DEFAULT-VALUE}).")
  int restartEveryMinutes;

  @Option(names = "--limit-hours", defaultValue = "12",
      description = "Simulated hours after which releases still running count as parked or stuck (default: ${DEFAULT-VALUE}).")
  int limitHours;

  @Override
  public Integer call() throws Exception {
    if (releases < 1 || !(faultRate >= 0 && faultRate < 1) || writeQuota < 1 || restartEveryMinutes < 1 || limitHours < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--releases, --write-quota, --restart-every-minutes and --limit-hours must be at least 1, --fault-rate in [0, 1)");
    }
    ChaosBenchmark.Result result = ChaosBenchmark.run(new ChaosBenchmark.Options(releases, faultRate, writeQuota,
        Duration.ofMinutes(restartEveryMinutes), Duration.ofHours(limitHours)));
    spec.commandLine().getOut().println(result.report());
    spec.commandLine().getOut().flush();
    return result.onTarget() ? 0 : 1;
  }
}
