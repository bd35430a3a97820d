package dev.runshift.cli.fleet;

import dev.runshift.fleet.FleetWorkflow;
import picocli.CommandLine.Command;

/** {@code runshift fleet resume ID [--reason TEXT]}. */
@Command(name = "resume", description = "Start releases again after a pause.")
public final class FleetResumeCommand extends FleetSignalCommand {
  @Override
  String name() {
    return "resume";
  }

  @Override
  void send(FleetWorkflow fleet) {
    fleet.resume(reason);
  }
}
