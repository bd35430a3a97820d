package dev.runshift.activities;

import dev.runshift.activities.google.GoogleClients;
import dev.runshift.activities.google.GoogleClientsConfig;
import dev.runshift.activities.google.LroPolling;
import dev.runshift.ports.ServiceRef;
import dev.runshift.simulator.Simulator;
import dev.runshift.simulator.core.ApiCall;
import dev.runshift.simulator.core.SimClock;
import dev.runshift.simulator.core.SimConfig;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;

/**
 * The simulator on a free localhost port and the official Google clients pointed at it exactly as a
 * worker with {@code RUNSHIFT_GOOGLE_ENDPOINT} set would be, with fast polling so tests run in seconds.
 */
public final class SimulatorFixture implements AutoCloseable {
  public static final ServiceRef SERVICE = new ServiceRef("shop-prod", "europe-west1", "checkout");
  public static final String REPOSITORY = "europe-west1-docker.pkg.dev/shop-prod/apps/checkout";

  /** Polling for tests: the simulator's operations settle in (simulated) hundreds of milliseconds. */
  public static final LroPolling FAST = new LroPolling(Duration.ofMillis(50), 1.5, Duration.ofMillis(500));

  public final Simulator sim;
  public final GoogleClients clients;

  public SimulatorFixture(SimConfig config, SimClock clock) {
    sim = Simulator.start(config, clock);
    clients = GoogleClients.create(
        GoogleClientsConfig.google()
            .withEndpoint(sim.endpoint())
            .withPolling(FAST, FAST)
            .withHeartbeatEvery(Duration.ofMillis(200)));
  }

  /** A simulator on the wall clock whose revisions become ready after 300 ms. */
  public static SimulatorFixture fast() {
    return new SimulatorFixture(
        SimConfig.defaults().withRevisionReadyDelay(Duration.ofMillis(300)), SimClock.system());
  }

  /** {@code repository@sha256:...} with a digest derived from {@code seed}. */
  public static String image(String seed) {
    String hex = java.util.HexFormat.of().formatHex(
        sha256(seed.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    return REPOSITORY + "@sha256:" + hex;
  }

  private static byte[] sha256(byte[] in) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(in);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The application failure an activity stub threw. */
  public static ApplicationFailure applicationFailure(ActivityFailure e) {
    if (e.getCause() instanceof ApplicationFailure af) {
      return af;
    }
    throw new AssertionError("expected an ApplicationFailure cause, got " + e.getCause(), e);
  }

  /** Calls of {@code method} (short name, e.g. {@code UpdateService}) in the call log. */
  public List<ApiCall> calls(String method) {
    return sim.calls().calls().stream().filter(c -> c.method().endsWith("/" + method)).toList();
  }

  @Override
  public void close() {
    clients.close();
    sim.close();
  }
}
