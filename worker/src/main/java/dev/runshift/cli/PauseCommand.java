package dev.runshift.cli;

import dev.runshift.release.Command.Action;
import picocli.CommandLine.Command;

/** {@code runshift pause SERVICE [--reason TEXT]}. */
@Command(name = "pause", description = "Hold traffic where it is (analysis continues).")
public final class PauseCommand extends ControlCommand {
  @Override
  Action action() {
    return Action.PAUSE;
  }
}
