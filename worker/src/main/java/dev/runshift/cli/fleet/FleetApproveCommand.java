package dev.runshift.cli.fleet;

import dev.runshift.fleet.FleetWorkflow;
import picocli.CommandLine.Command;

/** {@code runshift fleet approve ID [--reason TEXT]}. */
@Command(name = "approve", description = "Pass the approval gate the fleet waits at.")
public final class FleetApproveCommand extends FleetSignalCommand {
  @Override
  String name() {
    return "approve";
  }

  @Override
  void send(FleetWorkflow fleet) {
    fleet.approve(reason);
  }
}
