package dev.runshift.simulator;

import static dev.runshift.simulator.core.LaunchSettings.env;
import static dev.runshift.simulator.core.LaunchSettings.port;

import dev.runshift.simulator.core.SimClock;
import dev.runshift.simulator.core.SimConfig;

/**
 * Runs the simulator standalone on the wall clock until the process is stopped.
 *
 * <p>Port: the first argument, else {@code RUNSHIFT_SIMULATOR_PORT}, else {@value #DEFAULT_PORT}
 * ({@code 0} picks a free port). Seed: {@code RUNSHIFT_SIMULATOR_SEED} (default 42). Prints
 * {@code RUNSHIFT_GOOGLE_ENDPOINT=localhost:PORT} once it listens.
 */
public final class SimulatorMain {
  static final int DEFAULT_PORT = 8790;

  private SimulatorMain() {}

  public static void main(String[] args) throws InterruptedException {
    long t0 = System.nanoTime();
    int port = args.length > 0 ? port(args[0]) : port(env("RUNSHIFT_SIMULATOR_PORT", "" + DEFAULT_PORT));
    long seed = Long.parseLong(env("RUNSHIFT_SIMULATOR_SEED", "42"));
    Simulator sim = Simulator.start(SimConfig.defaults().withPort(port).withSeed(seed), SimClock.system());
    Runtime.getRuntime().addShutdownHook(new Thread(sim::close, "simulator-shutdown"));
    System.out.printf("Runshift Google Cloud simulator (Cloud Run v2, Cloud Build v1, Monitoring v3, Pub/Sub v1,"
        + " Operations) listening on %s, plaintext gRPC, started in %d ms%n",
        sim.endpoint(), (System.nanoTime() - t0) / 1_000_000);
    System.out.println("RUNSHIFT_GOOGLE_ENDPOINT=" + sim.endpoint());
    System.out.flush();
    sim.awaitTermination();
  }
}
