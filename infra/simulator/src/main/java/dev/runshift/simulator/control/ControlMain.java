package dev.runshift.simulator.control;

import dev.runshift.simulator.Simulator;
import dev.runshift.simulator.core.SimClock;
import dev.runshift.simulator.core.SimConfig;

/**
 * Runs the simulator standalone with its HTTP control API, on the wall clock, until the process is
 * stopped. Like {@code SimulatorMain}: gRPC port from the first argument, else {@code
 * RUNSHIFT_SIMULATOR_PORT}, else 8681; control port from the second argument, else {@code
 * RUNSHIFT_SIMULATOR_CONTROL_PORT}, else 8682 (0 picks a free port); seed from {@code
 * RUNSHIFT_SIMULATOR_SEED} (default 42). Prints both addresses once listening.
 */
public final class ControlMain {
  static final int DEFAULT_PORT = 8681;
  static final int DEFAULT_CONTROL_PORT = 8682;

  private ControlMain() {}

  public static void main(String[] args) throws InterruptedException {
    int port = port(args.length > 0 ? args[0] : env("RUNSHIFT_SIMULATOR_PORT", "" + DEFAULT_PORT));
    int controlPort = port(args.length > 1 ? args[1] : env("RUNSHIFT_SIMULATOR_CONTROL_PORT", "" + DEFAULT_CONTROL_PORT));
    long seed = Long.parseLong(env("RUNSHIFT_SIMULATOR_SEED", "42"));
    Simulator sim = Simulator.start(SimConfig.defaults().withPort(port).withSeed(seed), SimClock.system());
    ControlServer control = ControlServer.start(sim, controlPort);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      control.close();
      sim.close();
    }, "simulator-shutdown"));
    System.out.println("RUNSHIFT_GOOGLE_ENDPOINT=" + sim.endpoint());
    System.out.println("RUNSHIFT_SIM=" + control.url());
    System.out.flush();
    sim.awaitTermination();
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v.trim();
  }

  private static int port(String s) {
    try {
      int p = Integer.parseInt(s);
      if (p < 0 || p > 65535) {
        throw new NumberFormatException();
      }
      return p;
    } catch (NumberFormatException e) {
      System.err.println("not a port: " + s);
      System.exit(2);
      return -1;
    }
  }
}
