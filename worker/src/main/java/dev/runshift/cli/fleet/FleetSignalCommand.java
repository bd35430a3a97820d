package dev.runshift.cli.fleet;

import dev.runshift.cli.TemporalOptions;
import dev.runshift.fleet.FleetWorkflow;
import dev.runshift.fleet.FleetWorkflows;
import dev.runshift.worker.TemporalConnection;
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

  @Override
  public Integer call() {
    try (TemporalConnection connection = temporal.connect(FleetCli.env(spec))) {
      FleetCli.onFleet(id, () -> {
        send(FleetWorkflows.stub(connection.client(), id));
        return null;
      });
    }
    spec.commandLine().getOut().printf("%s sent to fleet %s%n", name(), id);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
