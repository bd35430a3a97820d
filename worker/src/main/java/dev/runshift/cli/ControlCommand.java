package dev.runshift.cli;

import dev.runshift.ports.ServiceRef;
import dev.runshift.release.Command;
import dev.runshift.release.ReleaseWorkflow;
import dev.runshift.service.CurrentRelease;
import dev.runshift.worker.TemporalConnection;
import io.temporal.client.WorkflowNotFoundException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Sends one operator command to a service's running release through the release's {@code control}
 * update: the answer (what the release will do, or why it refuses) is synchronous.
 */
abstract class ControlCommand implements Callable<Integer> {
  @ParentCommand RunshiftCli root;
  @Spec CommandSpec spec;
  @Mixin TemporalOptions temporal;
  @Mixin ServiceOptions serviceOptions;

  @Parameters(index = "0", paramLabel = "SERVICE", description = "Cloud Run service name.")
  String service;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the release's record.")
  String reason;

  abstract Command.Action action();

  @Override
  public Integer call() {
    ServiceRef ref = serviceOptions.service(service, root.env());
    String reasonProblem = Command.reasonProblem(reason);
    if (reasonProblem != null) {
      throw new CliException("--reason: " + reasonProblem);
    }
    try (TemporalConnection connection = temporal.connect(root.env())) {
      CurrentRelease current = ServiceLookup.running(connection.client(), ref);
      ReleaseWorkflow release = connection.client().newWorkflowStub(ReleaseWorkflow.class, current.workflowId());
      String answer;
      try {
        Command command = new Command(action(), reason == null ? "" : reason, root.operator(),
            connection.client().getOptions().getIdentity());
        answer = TemporalDeadline.call(action().name().toLowerCase(), current.workflowId(),
            () -> release.control(command));
      } catch (WorkflowNotFoundException e) {
        throw new CliException("release " + current.releaseId() + " of " + ref + " has already ended", e);
      }
      spec.commandLine().getOut().printf("%s %s: %s%n", action().name().toLowerCase(), current.releaseId(), answer);
      spec.commandLine().getOut().flush();
    }
    return 0;
  }
}
