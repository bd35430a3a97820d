package dev.runshift.local.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code runshift sim create-service S --image IMAGE}: a service serving IMAGE at 100%. */
@Command(name = "create-service", description = "Create a simulated Cloud Run service serving an image at 100%%.")
public final class SimCreateServiceCommand implements Callable<Integer> {
  @ParentCommand SimCommand sim;
  @Spec CommandSpec spec;
  @Mixin SimOptions simOptions;
  @Mixin SimServiceOptions target;

  @Option(names = "--image", required = true, description = "The image its first revision runs.")
  String image;

  @Override
  public Integer call() {
    Map<String, Object> body = target.body(sim.root.env());
    body.put("image", image);
    SimPrinter.print(spec, simOptions.client(sim.root.env()).post("/services", body));
    return 0;
  }
}
