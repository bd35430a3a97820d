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
import dev.runshift.config.Durations;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code runshift deploy --service S --image IMAGE@sha256:… [--wait [--timeout D]]}: asks the service's
 * entity for a release (signal-with-start, durable once Temporal accepted it, worker or not), then says
 * what the entity did with it: started it, queued it, or ignored it and why. With {@code --wait} it
 * follows the release to its end and exits by outcome ({@link OutcomeExit}).
 *
 * <p>Each deploy carries a dedupe key of its own ({@code cli:<uuid>}): the entity records it with the
 * request, which is how this command recognises its request among the entity's queued and ignored ones.
 */
@Command(
    name = "deploy",
    header = "Release an image (pinned by digest) to a Cloud Run service.",
    description = "Says whether the service started, queued or ignored the request; with --wait, follows the"
        + " release to its end and exits by its outcome.")
public final class DeployCommand implements Callable<Integer> {
  /** How long deploy waits for the entity to decide before saying only that Temporal has the request. */
  static final Duration SETTLE = Duration.ofSeconds(10);
  static final Duration POLL = Duration.ofSeconds(1);

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

  @Option(names = "--wait", description = "Follow the release to its end with live progress; exit by outcome"
      + " (see Exit codes). Stops at once if the release waits for an operator.")
  boolean await;

  @Option(names = "--timeout", paramLabel = "DURATION", description = "With --wait: give up after this long"
      + " (e.g. 30m, 1h); the release keeps running. Default: no limit.")
  String timeout;

  @Override
  public Integer call() throws InterruptedException {
    if (!ImageRef.isPinned(image)) {
      throw new CliException("--image must be pinned by digest (repository@sha256:<64 hex>), was '" + image + "'");
    }
    Duration limit = waitLimit();
    ServiceRef ref = serviceOptions.service(service, root.env());
    RolloutPolicy policy = policyFile == null ? null : PolicyFiles.load(policyFile);
    String key = "cli:" + UUID.randomUUID();
    PrintWriter out = spec.commandLine().getOut();
    try (TemporalConnection connection = temporal.connect(root.env())) {
      // Who says they asked ($USER), next to the Temporal client identity the request comes from: both are
      // the client's word; the namespace's authorization is what gates who may deploy.
      String by = root.operator() + " (client " + connection.client().getOptions().getIdentity() + ")";
      ReleaseSubmission request = ReleaseSubmission.ofImage(image, "cli", key, by).withPolicy(policy).withMode(mode);
      WorkflowExecution entity =
          ServiceReleases.submit(connection.client(), ref, ServiceSettings.defaults(), request);
      Follower follower = new Follower(connection.client(), Pacer.system(), POLL, root.progressView(out, false));
      SubmissionFate fate = follower.settle(ref, key, image, follower.deadline(SETTLE));
      out.println(said(fate, ref, entity));
      out.flush();
      if (!await) {
        if (!(fate instanceof SubmissionFate.Ignored)) {
          out.printf("follow it with `runshift status %s --watch`%n", service);
          out.flush();
        }
        return 0;
      }
      return follower.request(ref, key, image, fate, follower.deadline(limit)).code();
    }
  }

  private Duration waitLimit() {
    if (timeout == null) {
      return null;
    }
    if (!await) {
      throw new CliException("--timeout only applies with --wait");
    }
    try {
      return Durations.parse(timeout);
    } catch (IllegalArgumentException e) {
      throw new CliException("--timeout: " + e.getMessage(), e);
    }
  }

  /** What the service did with the request, in one line. */
  private String said(SubmissionFate fate, ServiceRef ref, WorkflowExecution entity) {
    String what = image + " -> " + ref;
    if (fate instanceof SubmissionFate.Ignored ignored) {
      return "ignored: " + what + ": " + ignored.reason() + " (nothing changes)";
    }
    if (fate instanceof SubmissionFate.Started started) {
      return "accepted: " + what + ": release " + started.releaseId() + " started";
    }
    if (fate instanceof SubmissionFate.Queued queued) {
      return queued.behind() == null
          ? "accepted: " + what + ": queued, it starts next"
          : "accepted: " + what + ": queued behind release " + queued.behind().releaseId() + " of "
              + queued.behind().image();
    }
    return "accepted by Temporal: " + what + " (service entity " + entity.getWorkflowId() + "); the service has"
        + " not taken it up yet: is a runshift worker running?";
  }
}
