package dev.runshift.cli.fleet;

import dev.runshift.cli.CliException;
import dev.runshift.cli.RunshiftCli;
import dev.runshift.cli.TemporalDeadline;
import dev.runshift.fleet.FleetWorkflows;
import io.temporal.client.WorkflowNotFoundException;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;

/** Shared bits of the fleet commands. */
final class FleetCli {
  private FleetCli() {}

  static Map<String, String> env(CommandSpec spec) {
    return ((RunshiftCli) spec.root().userObject()).env();
  }

  /** Runs {@code call}, turning "no such fleet" into one clear line. */
  static <T> T onFleet(String id, Supplier<T> call) {
    try {
      return TemporalDeadline.call("fleet " + id, FleetWorkflows.workflowId(id), call::get);
    } catch (WorkflowNotFoundException e) {
      throw new CliException("no running fleet " + id, e);
    }
  }
}
