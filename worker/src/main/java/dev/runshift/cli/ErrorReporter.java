package dev.runshift.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Prints a failed command's error as one line, {@code runshift: <what went wrong>}, and exits 1. With
 * {@code --verbose} the stack trace follows.
 */
final class ErrorReporter implements IExecutionExceptionHandler {
  private final RunshiftCli root;

  ErrorReporter(RunshiftCli root) {
    this.root = root;
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine cl, ParseResult parsed) {
    PrintWriter err = cl.getErr();
    err.println("runshift: " + UserErrors.describe(e));
    if (root.verbose()) {
      e.printStackTrace(err);
    }
    err.flush();
    return 1;
  }
}
