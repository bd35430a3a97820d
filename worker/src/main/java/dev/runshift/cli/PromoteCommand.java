package dev.runshift.cli;

import dev.runshift.release.Command.Action;
import picocli.CommandLine.Command;

/** {@code runshift promote SERVICE [--reason TEXT]}. */
@Command(name = "promote", description = "Skip the remaining steps and send 100%% to the candidate now.")
public final class PromoteCommand extends ControlCommand {
  @Override
  Action action() {
    return Action.PROMOTE;
  }
}
