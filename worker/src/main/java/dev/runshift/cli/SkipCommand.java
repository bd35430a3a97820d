package dev.runshift.cli;

import dev.runshift.release.Command.Action;
import picocli.CommandLine.Command;

/** {@code runshift skip SERVICE [--reason TEXT]}. */
@Command(name = "skip", description = "Go past the failed step where that is safe (never past deploy).")
public final class SkipCommand extends ControlCommand {
  @Override
  Action action() {
    return Action.SKIP;
  }
}
