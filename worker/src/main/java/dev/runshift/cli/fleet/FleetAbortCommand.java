package dev.runshift.cli.fleet;

import dev.runshift.fleet.FleetAbort;
import dev.runshift.fleet.FleetWorkflow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code runshift fleet abort ID [--rollback] [--reason TEXT]}. */
@Command(name = "abort", description = "Stop starting releases for good; optionally release the promoted services back.")
public final class FleetAbortCommand extends FleetSignalCommand {
  @Option(names = "--rollback", description = "Release every service this fleet promoted back to its previous image.")
  boolean rollback;

  @Override
  String name() {
    return rollback ? "abort (with rollback)" : "abort";
  }

  @Override
  void send(FleetWorkflow fleet) {
    fleet.abort(new FleetAbort(reason, rollback));
  }
}
