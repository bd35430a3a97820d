package dev.runshift.cli.fleet;

import dev.runshift.fleet.FleetWorkflow;
import picocli.CommandLine.Command;

/** {@code runshift fleet pause ID [--reason TEXT]}. */
@Command(name = "pause", description = "Stop starting new releases (running ones continue).")
public final class FleetPauseCommand extends FleetSignalCommand {
  @Override
  String name() {
    return "pause";
  }

  @Override
  void send(FleetWorkflow fleet) {
    fleet.pause(reason);
  }
}
