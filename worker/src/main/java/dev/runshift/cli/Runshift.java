package dev.runshift.cli;

import java.util.Optional;

/** The {@code runshift} entry point: runs the command line and exits with its code. */
public final class Runshift {
  private Runshift() {}

  public static void main(String[] args) {
    Optional<String> badLogFormat = LogFormat.problem(System.getenv());
    if (badLogFormat.isPresent()) {
      System.err.println("runshift: " + badLogFormat.get());
      System.exit(2);
    }
    int code = RunshiftCli.commandLine(System.getenv()).execute(args);
    System.exit(code);
  }
}
