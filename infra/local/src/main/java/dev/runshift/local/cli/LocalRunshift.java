package dev.runshift.local.cli;

import dev.runshift.cli.RunshiftCli;
import dev.runshift.local.cli.bench.BenchCommand;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * The {@code runshift} command of the local kit, what {@code ./runshift} runs: the production worker's
 * operator commands plus {@code demo}, {@code dev}, {@code sim} and {@code bench}, which run against the
 * embedded stack (Temporal's test server and the Cloud simulator in this process).
 */
public final class LocalRunshift {
  private LocalRunshift() {}

  /** The full local command line over {@code env}. */
  public static CommandLine commandLine(Map<String, String> env) {
    return RunshiftCli.commandLine(env, List.of(
        DemoCommand.class, DevCommand.class, SimCommand.class, BenchCommand.class));
  }

  public static void main(String[] args) {
    System.exit(commandLine(System.getenv()).execute(args));
  }
}
