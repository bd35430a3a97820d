package dev.runshift.cli.fleet;

import dev.runshift.fleet.FleetAbort;
import dev.runshift.fleet.FleetWorkflow;
import dev.runshift.fleet.RunningFleetReleases;
import io.temporal.client.WorkflowClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code runshift fleet abort ID [--rollback] [--cancel-running] [--reason TEXT]}. */
@Command(name = "abort", description = "Stop starting releases for good; optionally abort the running ones and "
    + "release the promoted services back.")
public final class FleetAbortCommand extends FleetSignalCommand {
  @Option(names = "--rollback", description = "Release every service this fleet promoted back to its previous image.")
  boolean rollback;

  @Option(names = "--cancel-running", description = "Also abort every release this fleet started that is still "
      + "running (each rolls back to its service's traffic from before it); without it they run to their end.")
  boolean cancelRunning;

  @Override
  String name() {
    return rollback ? "abort (with rollback)" : "abort";
  }

  @Override
  void send(FleetWorkflow fleet) {
    fleet.abort(new FleetAbort(reason, rollback));
  }

  @Override
  String afterSent(WorkflowClient client) {
    if (!cancelRunning) {
      return "no new release starts; releases already running continue to their end (add --cancel-running to "
          + "abort them)";
    }
    RunningFleetReleases.Outcome outcome = RunningFleetReleases.abort(client, id, abortReason());
    StringBuilder s = new StringBuilder("aborted " + outcome.aborted().size() + " running release(s)");
    outcome.aborted().forEach(service -> s.append("\n  aborted ").append(service));
    outcome.waiting().forEach(service -> s.append("\n  not running yet, not aborted: ").append(service)
        .append(" (its request waits behind another release; abort it with `runshift abort` once it runs)"));
    return s.toString();
  }

  private String abortReason() {
    return reason == null || reason.isBlank() ? "fleet " + id + " aborted" : reason;
  }
}
