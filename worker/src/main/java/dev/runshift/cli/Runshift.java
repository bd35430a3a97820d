package dev.runshift.cli;

/** The {@code runshift} entry point: runs the command line and exits with its code. */
public final class Runshift {
  private Runshift() {}

  public static void main(String[] args) {
    int code = RunshiftCli.commandLine(System.getenv()).execute(args);
    System.exit(code);
  }
}
