package dev.runshift.cli;

import dev.runshift.release.Command.Action;
import picocli.CommandLine.Command;

/** {@code runshift retry SERVICE [--reason TEXT]}. */
@Command(name = "retry", description = "Run the failed step again with the same inputs.")
public final class RetryCommand extends ControlCommand {
  @Override
  Action action() {
    return Action.RETRY;
  }
}
