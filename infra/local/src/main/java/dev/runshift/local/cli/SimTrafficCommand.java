package dev.runshift.local.cli;

import dev.runshift.cli.CliException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code runshift sim traffic S REV=PCT...}: change traffic behind Runshift's back, as someone running
 * {@code gcloud run services update-traffic} would.
 */
@Command(name = "traffic", description = "Change a simulated service's traffic out of band (REVISION=PERCENT ...).")
public final class SimTrafficCommand implements Callable<Integer> {
  @ParentCommand SimCommand sim;
  @Spec CommandSpec spec;
  @Mixin SimOptions simOptions;
  @Mixin SimServiceOptions target;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "REVISION=PERCENT", description = "The new traffic split.")
  List<String> split;

  @Override
  public Integer call() {
    Map<String, Integer> traffic = new LinkedHashMap<>();
    for (String entry : split) {
      int eq = entry.lastIndexOf('=');
      try {
        traffic.put(entry.substring(0, eq), Integer.parseInt(entry.substring(eq + 1)));
      } catch (RuntimeException e) {
        throw new CliException("traffic entries are REVISION=PERCENT, was '" + entry + "'");
      }
    }
    Map<String, Object> body = target.body(sim.root.env());
    body.put("traffic", traffic);
    SimPrinter.print(spec, simOptions.client(sim.root.env()).post("/services/traffic", body));
    return 0;
  }
}
