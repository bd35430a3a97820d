package dev.runshift.simulator.control;

import dev.runshift.simulator.Simulator;
import dev.runshift.simulator.core.SimClock;
import dev.runshift.simulator.core.SimConfig;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the simulator standalone with its HTTP control API, until interrupted.
 *
 * <pre>
 * java -cp ... dev.runshift.simulator.control.ControlMain [--port 8681] [--control-port 8682]
 *     [--sample-period 60s] [--seed 42]
 * </pre>
 */
public final class ControlMain {
  private ControlMain() {}

  public static void main(String[] args) throws InterruptedException {
    SimConfig config = SimConfig.defaults().withPort(8681);
    int controlPort = 8682;
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--port" -> config = config.withPort(Integer.parseInt(required(args[i], value)));
        case "--control-port" -> controlPort = Integer.parseInt(required(args[i], value));
        case "--sample-period" -> config = config.withSamplePeriod(seconds(required(args[i], value)));
        case "--seed" -> config = config.withSeed(Long.parseLong(required(args[i], value)));
        default -> {
          System.err.println("unknown argument " + args[i]
              + " (known: --port, --control-port, --sample-period, --seed)");
          System.exit(2);
        }
      }
      i++;
    }
    Simulator simulator = Simulator.start(config, SimClock.system());
    ControlServer control = ControlServer.start(simulator, controlPort);
    System.out.println("simulator gRPC:    " + simulator.endpoint() + "   (RUNSHIFT_GOOGLE_ENDPOINT)");
    System.out.println("simulator control: " + control.url() + "   (RUNSHIFT_SIM)");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      control.close();
      simulator.close();
      stopped.countDown();
    }));
    stopped.await();
  }

  private static String required(String flag, String value) {
    if (value == null) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return value;
  }

  private static Duration seconds(String s) {
    return Duration.ofSeconds(Long.parseLong(s.endsWith("s") ? s.substring(0, s.length() - 1) : s));
  }
}
