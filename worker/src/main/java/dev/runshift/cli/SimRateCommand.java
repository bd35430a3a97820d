package dev.runshift.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code runshift sim rate S RPS}: how many requests per second a simulated service receives. */
@Command(name = "rate", description = "Set the requests per second a simulated service receives.")
public final class SimRateCommand implements Callable<Integer> {
  @ParentCommand SimCommand sim;
  @Spec CommandSpec spec;
  @Mixin SimOptions simOptions;
  @Mixin SimServiceOptions target;

  @Parameters(index = "1", paramLabel = "RPS", description = "Requests per second, split by traffic.")
  double rps;

  @Override
  public Integer call() {
    Map<String, Object> body = target.body(sim.root.env());
    body.put("rps", rps);
    SimPrinter.print(spec, simOptions.client(sim.root.env()).post("/services/request-rate", body));
    return 0;
  }
}
