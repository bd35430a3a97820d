package dev.runshift.cli;

import dev.runshift.release.Command.Action;
import picocli.CommandLine.Command;

/** {@code runshift resume SERVICE [--reason TEXT]}. */
@Command(name = "resume", description = "Continue a paused release.")
public final class ResumeCommand extends ControlCommand {
  @Override
  Action action() {
    return Action.RESUME;
  }
}
