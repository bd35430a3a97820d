package dev.runshift.cli;

import dev.runshift.ports.ServiceRef;
import dev.runshift.release.ReleaseStatus;
import dev.runshift.worker.TemporalConnection;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code runshift status S [--json | --watch]}: the running (else the last) release of a service; with
 * {@code --watch}, redrawn on every change until the release ends, exiting by its outcome
 * ({@link OutcomeExit}).
 */
@Command(name = "status", header = "Show the running (else the last) release of a service.",
    description = "Phase, traffic, policy, step, last verdict and decisions. With --watch, redraws its progress"
        + " (traffic bar, step, last verdict) until it ends.")
public final class StatusCommand implements Callable<Integer> {
  static final Duration POLL = Duration.ofSeconds(1);

  @ParentCommand RunshiftCli root;
  @Spec CommandSpec spec;
  @Mixin TemporalOptions temporal;
  @Mixin ServiceOptions serviceOptions;

  @Parameters(index = "0", paramLabel = "SERVICE", description = "Cloud Run service name.")
  String service;

  @Option(names = "--json", description = "Print the status as JSON (stable field names).")
  boolean json;

  @Option(names = "--watch", description = "Redraw the release's progress until it ends (one line per change"
      + " when the output is not a terminal); exit by outcome (see Exit codes). Keeps watching while it waits"
      + " for an operator.")
  boolean watch;

  @Override
  public Integer call() throws InterruptedException {
    if (watch && json) {
      throw new CliException("--watch and --json do not go together: poll `status --json` instead");
    }
    ServiceRef ref = serviceOptions.service(service, root.env());
    try (TemporalConnection connection = temporal.connect(root.env())) {
      if (watch) {
        String workflowId = ServiceLookup.latestWorkflowId(connection.client(), ref);
        PrintWriter out = spec.commandLine().getOut();
        Follower follower = new Follower(connection.client(), Pacer.system(), POLL, root.progressView(out, true));
        return follower.release(workflowId, Long.MAX_VALUE, false).code();
      }
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
