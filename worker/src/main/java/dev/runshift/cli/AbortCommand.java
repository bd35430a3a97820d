package dev.runshift.cli;

import dev.runshift.release.Command.Action;
import picocli.CommandLine.Command;

/** {@code runshift abort SERVICE [--reason TEXT]}. */
@Command(name = "abort", description = "Roll back to exactly what served before and end the release.")
public final class AbortCommand extends ControlCommand {
  @Override
  Action action() {
    return Action.ABORT;
  }
}
