package dev.runshift.local.cli;

import dev.runshift.cli.CliRun;
import java.util.Map;

/** One invocation of the local kit's {@code runshift} (what {@code ./runshift} runs), output captured. */
final class LocalCli {
  private LocalCli() {}

  static CliRun run(Map<String, String> env, String... args) {
    return CliRun.run(LocalRunshift.commandLine(env), args);
  }
}
