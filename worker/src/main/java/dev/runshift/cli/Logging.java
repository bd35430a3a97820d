package dev.runshift.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Log levels for the interactive local commands, whose own output tells the story. */
public final class Logging {
  private Logging() {}

  /**
   * Without {@code --verbose}, only errors are logged: the command prints every decision and warning
   * itself (from the release's status), and the local Temporal test server's notices do not apply.
   */
  public static void quietUnless(boolean verbose) {
    if (verbose) {
      return;
    }
    for (String name : new String[] {"dev.runshift", "io.temporal"}) {
      if (LoggerFactory.getLogger(name) instanceof Logger logger) {
        logger.setLevel(Level.ERROR);
      }
    }
  }
}
