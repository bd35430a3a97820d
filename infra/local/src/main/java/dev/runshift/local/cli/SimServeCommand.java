package dev.runshift.local.cli;

import dev.runshift.cli.CliException;
import dev.runshift.cli.UserErrors;
import dev.runshift.simulator.Simulator;
import dev.runshift.simulator.control.ControlServer;
import dev.runshift.simulator.core.SimClock;
import dev.runshift.simulator.core.SimConfig;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code runshift sim serve}: only the Google Cloud simulator and its control API, with Google Cloud's
 * own timings (60 s metric samples), for a worker run separately against any Temporal.
 */
@Command(name = "serve", description = "Run only the Google Cloud simulator and its control API until Ctrl-C.")
public final class SimServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--port", defaultValue = "8681", description = "gRPC port (default: 8681).")
  int port;

  @Option(names = "--control-port", defaultValue = "8682", description = "Control API port (default: 8682).")
  int controlPort;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of every simulated random choice.")
  long seed;

  @Override
  public Integer call() throws InterruptedException {
    Simulator sim;
    ControlServer control;
    try {
      sim = Simulator.start(SimConfig.defaults().withPort(port).withSeed(seed), SimClock.system());
    } catch (RuntimeException e) {
      throw new CliException(UserErrors.describe(e), e);
    }
    try {
      control = ControlServer.start(sim, controlPort);
    } catch (RuntimeException e) {
      sim.close();
      throw new CliException(UserErrors.describe(e), e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      control.close();
      sim.close();
    }, "simulator-shutdown"));
    PrintWriter out = spec.commandLine().getOut();
    out.println("Google Cloud simulator running (Ctrl-C to stop); point a worker and the CLI at it with:");
    out.println("   export RUNSHIFT_GOOGLE_ENDPOINT=" + sim.endpoint() + " RUNSHIFT_SIM=" + control.url());
    out.flush();
    sim.awaitTermination();
    return 0;
  }
}
