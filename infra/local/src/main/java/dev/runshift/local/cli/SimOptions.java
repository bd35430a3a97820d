package dev.runshift.local.cli;

import java.util.Map;
import picocli.CommandLine.Option;

/** Where the simulator's control API is: {@code --sim URL}, else RUNSHIFT_SIM, else dev's default. */
final class SimOptions {
  /** The control URL {@code runshift dev} serves on by default. */
  static final String DEFAULT_URL = "http://localhost:8682";

  @Option(
      names = "--sim",
      paramLabel = "URL",
      description = "Simulator control API (default: RUNSHIFT_SIM, else " + DEFAULT_URL + ").")
  String url;

  SimControlClient client(Map<String, String> env) {
    String u = url != null ? url : env.getOrDefault("RUNSHIFT_SIM", DEFAULT_URL);
    return new SimControlClient(u);
  }
}
