package dev.runshift.cli.fleet;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code runshift fleet …}: redeploy one image to many services in waves. */
@Command(
    name = "fleet",
    description = "Redeploy one image to many Cloud Run services, in waves, with a failure budget.",
    subcommands = {
      FleetStartCommand.class,
      FleetStatusCommand.class,
      FleetPauseCommand.class,
      FleetResumeCommand.class,
      FleetApproveCommand.class,
      FleetAbortCommand.class,
      FleetScheduleCommand.class
    })
public final class FleetCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }
}
