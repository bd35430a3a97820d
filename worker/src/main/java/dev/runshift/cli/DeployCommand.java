package dev.runshift.cli;

import dev.runshift.ports.ImageRef;
import dev.runshift.config.PolicyFiles;
import dev.runshift.policy.RolloutPolicy;
import dev.runshift.ports.ServiceRef;
import dev.runshift.service.QueueMode;
import dev.runshift.service.ReleaseSubmission;
import dev.runshift.service.ServiceReleases;
import dev.runshift.service.ServiceSettings;
import dev.runshift.worker.TemporalConnection;
import io.temporal.api.common.v1.WorkflowExecution;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code runshift deploy --service S --image IMAGE@sha256:…}: asks the service's entity for a release
 * (signal-with-start), returning once Temporal has durably accepted it.
 */
@Command(name = "deploy", description = "Release an image (pinned by digest) to a Cloud Run service.")
public final class DeployCommand implements Callable<Integer> {

  @ParentCommand RunshiftCli root;
  @Spec CommandSpec spec;
  @Mixin TemporalOptions temporal;
  @Mixin ServiceOptions serviceOptions;

  @Option(names = "--service", required = true, description = "Cloud Run service name.")
  String service;

  @Option(names = "--image", required = true, paramLabel = "IMAGE@sha256:DIGEST", description = "The image, pinned by digest.")
  String image;

  @Option(names = "--policy", paramLabel = "FILE", description = "Rollout policy (YAML or JSON); default: the service's.")
  Path policyFile;

  @Option(names = "--mode", description = "If a release is running: NEWEST_WINS (wait) or ABORT_CURRENT.")
  QueueMode mode;

  @Override
  public Integer call() {
    if (!ImageRef.isPinned(image)) {
      throw new CliException("--image must be pinned by digest (repository@sha256:<64 hex>), was '" + image + "'");
    }
    ServiceRef ref = serviceOptions.service(service, root.env());
    RolloutPolicy policy = policyFile == null ? null : PolicyFiles.load(policyFile);
    try (TemporalConnection connection = temporal.connect(root.env())) {
      // Who says they asked ($USER), next to the Temporal client identity the request comes from: both are
      // the client's word; the namespace's authorization is what gates who may deploy.
      String by = "cli:" + root.env().getOrDefault("USER", "unknown") + " (client "
          + connection.client().getOptions().getIdentity() + ")";
      ReleaseSubmission request = ReleaseSubmission.ofImage(image, "cli", null, by).withPolicy(policy).withMode(mode);
      WorkflowExecution entity =
          ServiceReleases.submit(connection.client(), ref, ServiceSettings.defaults(), request);
      PrintWriter out = spec.commandLine().getOut();
      out.printf("accepted: %s -> %s (service entity %s)%n", image, ref, entity.getWorkflowId());
      out.printf("follow it with `runshift status %s`; `runshift releases %s` shows it queued, or ignored if"
          + " the service already serves or queues that image%n", service, service);
      out.flush();
    }
    return 0;
  }
}
