package dev.runshift.local.cli;

import dev.runshift.cli.CliException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code runshift sim fault METHOD --times 2 --code UNAVAILABLE}: make Google API calls fail or wait;
 * {@code --clear} removes every fault and quota.
 */
@Command(name = "fault", description = "Make simulated Google API calls fail or wait (METHOD: UpdateService, google.cloud.run.v2.Services/*, *).")
public final class SimFaultCommand implements Callable<Integer> {
  @ParentCommand SimCommand sim;
  @Spec CommandSpec spec;
  @Mixin SimOptions simOptions;

  @Parameters(index = "0", arity = "0..1", paramLabel = "METHOD", description = "Which calls.")
  String method;

  static final class How {
    @Option(names = "--times", description = "The next N calls fail.") Integer times;
    @Option(names = "--rate", description = "Each call fails with this probability (seeded).") Double rate;
    @Option(names = "--latency-ms", description = "Each call waits this long first.") Long latencyMs;
    @Option(names = "--clear", description = "Remove every fault, latency and write quota.") boolean clear;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  How how;

  @Option(names = "--code", defaultValue = "UNAVAILABLE", description = "gRPC status code (default: UNAVAILABLE).")
  String code;

  @Option(names = "--message", description = "The error message.")
  String message;

  @Override
  public Integer call() {
    SimControlClient client = simOptions.client(sim.root.env());
    if (how.clear) {
      SimPrinter.print(spec, client.delete("/faults"));
      return 0;
    }
    if (method == null) {
      throw new CliException("name the METHOD, e.g. UpdateService");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("method", method);
    body.put("times", how.times);
    body.put("rate", how.rate);
    body.put("latencyMs", how.latencyMs);
    body.put("code", code);
    body.put("message", message);
    SimPrinter.print(spec, client.post("/faults", body));
    return 0;
  }
}
