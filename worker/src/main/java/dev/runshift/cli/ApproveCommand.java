package dev.runshift.cli;

import dev.runshift.release.Command.Action;
import picocli.CommandLine.Command;

/** {@code runshift approve SERVICE [--reason TEXT]}. */
@Command(name = "approve", description = "Let a step that waits for approval proceed.")
public final class ApproveCommand extends ControlCommand {
  @Override
  Action action() {
    return Action.APPROVE;
  }
}
