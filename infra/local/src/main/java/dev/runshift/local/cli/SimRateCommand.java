package dev.runshift.local.cli;

import dev.runshift.cli.CliException;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code runshift sim rate S RPS [--amplitude A --peak-hour H] [--from TIME]}: how many requests per second a
 * simulated service receives: a constant rate, or a daily curve around RPS, from now or from TIME on.
 */
@Command(name = "rate", description = "Set the requests per second a simulated service receives: constant, or a"
    + " daily curve RPS (1 + A cos(2 pi (t - H) / 24h)) with --amplitude and --peak-hour; from now, or from"
    + " --from on (a step change).")
public final class SimRateCommand implements Callable<Integer> {
  @ParentCommand SimCommand sim;
  @Spec CommandSpec spec;
  @Mixin SimOptions simOptions;
  @Mixin SimServiceOptions target;

  @Parameters(index = "1", paramLabel = "RPS", description = "Requests per second, split by traffic (a daily"
      + " curve's mean with --amplitude).")
  double rps;

  @Option(names = "--amplitude", paramLabel = "A", description = "Daily curve: relative swing around RPS, 0..1.")
  Double amplitude;

  @Option(names = "--peak-hour", paramLabel = "H", description = "Daily curve: hour of the peak, UTC, 0..24.")
  Double peakHour;

  @Option(names = "--from", paramLabel = "TIME", description = "When the rate starts: an ISO-8601 instant, now, or"
      + " +DURATION (+10m) from the simulator's now (default: now).")
  String from;

  @Override
  public Integer call() {
    if ((amplitude == null) != (peakHour == null)) {
      throw new CliException("a daily curve needs both --amplitude and --peak-hour");
    }
    Map<String, Object> body = target.body(sim.root.env());
    body.put("rps", rps);
    if (amplitude != null) {
      body.put("amplitude", amplitude);
      body.put("peakHourUtc", peakHour);
    }
    if (from != null) {
      body.put("from", from);
    }
    SimPrinter.print(spec, simOptions.client(sim.root.env()).post("/services/request-rate", body));
    return 0;
  }
}
