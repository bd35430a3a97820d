package dev.runshift.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Log levels for the interactive local commands, whose own output tells the story. */
public final class Logging {
  private Logging() {}

  /**
   * Without {@code --verbose}, only errors are logged, except the Pub/Sub trigger's warnings: the command
   * prints every decision itself (from the release's status), and the local Temporal test server's
   * notices do not apply; but a notification the trigger drops (malformed, not confirmed by Cloud Build)
   * or could not hand to Temporal is seen nowhere else.
   */
  public static void quietUnless(boolean verbose) {
    if (verbose) {
      return;
    }
    setLevel("dev.runshift", Level.ERROR);
    setLevel("io.temporal", Level.ERROR);
    setLevel("dev.runshift.trigger", Level.WARN);
  }

  private static void setLevel(String name, Level level) {
    if (LoggerFactory.getLogger(name) instanceof Logger logger) {
      logger.setLevel(level);
    }
  }
}
