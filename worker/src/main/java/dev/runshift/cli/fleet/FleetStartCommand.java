package dev.runshift.cli.fleet;

import dev.runshift.cli.CliException;
import dev.runshift.cli.TemporalOptions;
import dev.runshift.fleet.FleetRequest;
import dev.runshift.fleet.FleetWorkflows;
import dev.runshift.worker.TemporalConnection;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runshift fleet start --id ID --image IMAGE [selection] [waves, limits]}. */
@Command(name = "start", description = "Start a fleet redeploy.")
public final class FleetStartCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin TemporalOptions temporal;
  @Mixin FleetDefinition definition;

  @Option(names = "--id", required = true, description = "Fleet id (its workflow id is fleet-ID).")
  String id;

  @Override
  public Integer call() {
    FleetRequest request = definition.request(FleetCli.env(spec));
    try (TemporalConnection connection = temporal.connect(FleetCli.env(spec))) {
      FleetWorkflows.start(connection.client(), FleetWorkflows.options(id), request);
    } catch (WorkflowExecutionAlreadyStarted e) {
      throw new CliException("fleet " + id + " is already running", e);
    }
    spec.commandLine().getOut().printf("fleet %s started (workflow %s): %s to %s%n",
        id, FleetWorkflows.workflowId(id), request.image(), FleetText.selection(request.selector()));
    spec.commandLine().getOut().printf("follow it with `runshift fleet status %s`%n", id);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
