package dev.runshift.cli.fleet;

import dev.runshift.fleet.FleetWorkflow;
import io.temporal.client.WorkflowClient;
import picocli.CommandLine.Command;

/** {@code runshift fleet pause ID [--reason TEXT]}. */
@Command(name = "pause", description = "Stop starting new releases until resume. Releases already running continue to their end.")
public final class FleetPauseCommand extends FleetSignalCommand {
  @Override
  String name() {
    return "pause";
  }

  @Override
  void send(FleetWorkflow fleet) {
    fleet.pause(reason);
  }

  @Override
  String afterSent(WorkflowClient client) {
    return "no new release starts until `runshift fleet resume " + id + "`; releases already running continue "
        + "to their end (`runshift fleet abort " + id + " --cancel-running` aborts them)";
  }
}
