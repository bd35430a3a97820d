package dev.runshift.cli.fleet;

import dev.runshift.cli.TemporalOptions;
import dev.runshift.fleet.FleetWorkflow;
import dev.runshift.fleet.FleetWorkflows;
import dev.runshift.worker.TemporalConnection;
import io.temporal.client.WorkflowClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** A control sent to a running fleet as a signal. */
abstract class FleetSignalCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin TemporalOptions temporal;

  @Parameters(index = "0", paramLabel = "ID") String id;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the record.")
  String reason = "";

  abstract String name();

  abstract void send(FleetWorkflow fleet);

  /** What to do and say once the signal was accepted: lines printed after "sent"; none by default. */
  String afterSent(WorkflowClient client) {
    return null;
  }

  @Override
  public Integer call() {
    String note;
    try (TemporalConnection connection = temporal.connect(FleetCli.env(spec))) {
      note = FleetCli.onFleet(id, () -> {
        send(FleetWorkflows.stub(connection.client(), id));
        spec.commandLine().getOut().printf("%s sent to fleet %s%n", name(), id);
        spec.commandLine().getOut().flush();
        return afterSent(connection.client());
      });
    }
    if (note != null) {
      spec.commandLine().getOut().println(note);
    }
    spec.commandLine().getOut().flush();
    return 0;
  }
}
