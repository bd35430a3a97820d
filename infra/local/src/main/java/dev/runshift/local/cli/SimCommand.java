package dev.runshift.local.cli;

import dev.runshift.cli.RunshiftCli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code runshift sim ...}: drives a running simulator (from {@code runshift dev}) over its control API. */
@Command(
    name = "sim",
    description = "Control the local Google Cloud simulator started by `runshift dev`.",
    subcommands = {
      SimServeCommand.class,
      SimCreateServiceCommand.class,
      SimServicesCommand.class,
      SimRateCommand.class,
      SimTrafficCommand.class,
      SimImageCommand.class,
      SimBurstCommand.class,
      SimFaultCommand.class,
      SimQuotaCommand.class,
      SimBuildCommand.class,
      SimBuildsCommand.class,
      SimCallsCommand.class,
    })
public final class SimCommand implements Runnable {
  @ParentCommand RunshiftCli root;
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
