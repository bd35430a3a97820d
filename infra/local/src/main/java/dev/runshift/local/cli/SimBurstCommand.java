package dev.runshift.local.cli;

import dev.runshift.cli.CliException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code runshift sim burst --service S --error-rate 0.3 --from +1m --to +6m}: an error burst, a window in
 * which a service's (or an image's) requests fail with 5xx at the given rate; {@code --list} shows them.
 */
@Command(name = "burst", description = "Make a service's (--service) or an image's (--image) requests fail with 5xx"
    + " at --error-rate from --from until --to; --list shows every burst.")
public final class SimBurstCommand implements Callable<Integer> {
  @ParentCommand SimCommand sim;
  @Spec CommandSpec spec;
  @Mixin SimOptions simOptions;
  @Mixin SimServiceFilterOptions target;

  @Option(names = "--image", paramLabel = "IMAGE", description = "Only revisions running this image (exact reference).")
  String image;

  @Option(names = "--error-rate", paramLabel = "F", description = "Fraction of requests answered 5xx, 0..1.")
  Double errorRate;

  @Option(names = "--from", paramLabel = "TIME", description = "Start: an ISO-8601 instant, now, or +DURATION (+1m)"
      + " from the simulator's now.")
  String from;

  @Option(names = "--to", paramLabel = "TIME", description = "End (exclusive), written like --from.")
  String to;

  @Option(names = "--list", description = "List every error burst instead.")
  boolean list;

  @Override
  public Integer call() {
    SimControlClient client = simOptions.client(sim.root.env());
    if (list) {
      SimPrinter.print(spec, client.get("/error-bursts"));
      return 0;
    }
    if (errorRate == null || from == null || to == null) {
      throw new CliException("an error burst needs --error-rate, --from and --to");
    }
    if (target.service == null && image == null) {
      throw new CliException("name what fails: --service S, --image IMAGE, or both");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    target.addTo(body, sim.root.env());
    if (image != null) {
      body.put("image", image);
    }
    body.put("errorRate", errorRate);
    body.put("from", from);
    body.put("to", to);
    SimPrinter.print(spec, client.post("/error-bursts", body));
    return 0;
  }
}
