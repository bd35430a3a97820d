package dev.runshift.local.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code runshift sim quota REGION PER_MINUTE}: Cloud Run write quota per region. */
@Command(name = "quota", description = "Limit Cloud Run writes per minute in a region (* for every region).")
public final class SimQuotaCommand implements Callable<Integer> {
  @ParentCommand SimCommand sim;
  @Spec CommandSpec spec;
  @Mixin SimOptions simOptions;

  @Parameters(index = "0", paramLabel = "REGION") String region;

  @Parameters(index = "1", paramLabel = "PER_MINUTE") int perMinute;

  @Override
  public Integer call() {
    SimPrinter.print(spec, simOptions.client(sim.root.env()).post("/quota", Map.of("region", region, "perMinute", perMinute)));
    return 0;
  }
}
