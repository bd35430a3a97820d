package dev.runshift.cli;

import dev.runshift.ports.ServiceRef;
import dev.runshift.release.ReleaseStatus;
import dev.runshift.worker.TemporalConnection;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code runshift status S [--json]}: the running (else the last) release of a service. */
@Command(name = "status", description = "Show the running (else the last) release of a service.")
public final class StatusCommand implements Callable<Integer> {
  @ParentCommand RunshiftCli root;
  @Spec CommandSpec spec;
  @Mixin TemporalOptions temporal;
  @Mixin ServiceOptions serviceOptions;

  @Parameters(index = "0", paramLabel = "SERVICE", description = "Cloud Run service name.")
  String service;

  @Option(names = "--json", description = "Print the status as JSON (stable field names).")
  boolean json;

  @Override
  public Integer call() {
    ServiceRef ref = serviceOptions.service(service, root.env());
    try (TemporalConnection connection = temporal.connect(root.env())) {
      ReleaseStatus status = ServiceLookup.latestStatus(connection.client(), ref);
      if (json) {
        spec.commandLine().getOut().println(StatusJson.of(status).toPrettyString());
        spec.commandLine().getOut().flush();
      } else {
        StatusView.print(status, spec.commandLine().getOut());
      }
    }
    return 0;
  }
}
