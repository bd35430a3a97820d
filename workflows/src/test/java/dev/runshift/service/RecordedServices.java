package dev.runshift.service;

import dev.runshift.ports.KnownVisibility;
import dev.runshift.ports.ServiceRef;
import dev.runshift.ports.TaskQueues;
import dev.runshift.release.Command;
import dev.runshift.release.ReleaseWorkflow;
import dev.runshift.testing.FakeCloudRun;
import dev.runshift.testing.Releases;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Service entity scenarios whose histories are committed (recorded by {@link RecordServiceHistories})
 * and replayed by {@link ServiceHistoryTest}. Each exercises every handler and branch of the entity.
 */
final class RecordedServices implements AutoCloseable {
  static final ServiceRef SERVICE = Releases.SERVICE;

  final TestWorkflowEnvironment env;
  final WorkflowClient client;
  final FakeReleaseLog log = new FakeReleaseLog();
  private final EntityWaits waits;

  RecordedServices() {
    this(false);
  }

  /** With {@code searchAttributes}, they are registered and the worker says so: releases start with them. */
  RecordedServices(boolean searchAttributes) {
    env = TestWorkflowEnvironment.newInstance(EntityHarness.options(searchAttributes));
    Worker workflows = env.newWorker(TaskQueues.WORKFLOWS);
    workflows.registerWorkflowImplementationTypes(ServiceWorkflowImpl.class, ReplyCollector.Impl.class);
    workflows.registerActivitiesImplementations(new KnownVisibility(searchAttributes));
    workflows.registerWorkflowImplementationFactory(ReleaseWorkflow.class, () -> new FakeReleaseWorkflow(log));
    FakeCloudRun cloudRun = new FakeCloudRun().givenService(SERVICE, Releases.SERVING, "checkout-00042-def");
    env.newWorker(TaskQueues.DEPLOY).registerActivitiesImplementations(cloudRun);
    env.start();
    client = env.getWorkflowClient();
    waits = new EntityWaits(env, client, SERVICE, () -> "journal: " + log);
  }

  static ServiceSettings settings() {
    return ServiceSettings.defaults().withDefaultPolicy(ServiceWorkflowTest.quickPolicy()).withMaxReleasesPerRun(3);
  }

  /**
   * A whole run ended by continue-as-new: learns the serving image, ignores it, releases, queues and
   * supersedes, drops a duplicate, forwards and ignores controls, aborts for a newer request, survives a
   * crashed release, then continues as new with a request queued. Returns the first run's history.
   */
  WorkflowExecutionHistory continued() {
    WorkflowExecution first = submit(req("stable-image", "k-0"), null);
    await(() -> !status().ignored().isEmpty(), "served image ignored"); // served already (learned from Cloud Run)
    submit(req(image('a'), "k-a"), null);
    awaitStarted(1);
    submit(req(image('b'), "k-b"), null);
    submit(req(image('c'), "k-c"), null); // supersedes b
    submit(req(image('a'), "k-a"), null); // duplicate
    control(Command.Action.PAUSE, "look");
    control(Command.Action.RESUME, "fine");
    waits.awaitReleasesHandled(1);
    awaitStarted(2);
    submit(req(image('d'), "k-d"), QueueMode.ABORT_CURRENT); // aborts c
    waits.awaitReleasesHandled(2);
    awaitStarted(3);
    submit(req(image('e'), "k-e"), null); // queued while the run's last release runs: carried over
    // Not status() until the entity has handled the end of d: a query during the continue-as-new task
    // locks time skipping on the test server (see EntityWaits).
    waits.awaitReleasesHandled(3);
    if (status().generation() != 1) {
      throw new AssertionError("scenario stalled: no continue-as-new after 3 releases: " + status() + " " + log);
    }
    control(Command.Action.PROMOTE, "nothing running?");
    return client.fetchHistory(first.getWorkflowId(), first.getRunId());
  }

  /** A run still open, in the middle of a release, after a crashed one. */
  WorkflowExecutionHistory open() {
    WorkflowExecution run = submit(req(crashImage(), "k-crash"), null);
    waits.awaitReleasesHandled(1);
    control(Command.Action.APPROVE, "idle");
    submit(req(image('f'), "k-f"), null);
    awaitStarted(2);
    control(Command.Action.SKIP, "forwarded");
    waits.letTimePass(Duration.ofSeconds(30));
    return client.fetchHistory(run.getWorkflowId(), run.getRunId());
  }

  static final String COLLECTOR = "reply-collector";

  /**
   * A run that settles requests for a requester (replyTo): unchanged (served image), finished, followed
   * (same image as the running release), superseded while queued, finished after waiting, duplicate
   * (no reply). The collector's replies are checked by {@link ServiceHistoryTest}.
   */
  WorkflowExecutionHistory replies() {
    ReplyCollector collector = client.newWorkflowStub(ReplyCollector.class,
        WorkflowOptions.newBuilder().setWorkflowId(COLLECTOR).setTaskQueue(TaskQueues.WORKFLOWS).build());
    WorkflowClient.start(collector::run);
    WorkflowExecution run = submit(req("stable-image", "r-served").withReplyTo(COLLECTOR), null);
    await(() -> collector.replies().size() == 1, "reply for the served image");
    submit(req(image('a'), "r-a").withReplyTo(COLLECTOR), null);
    awaitStarted(1);
    submit(req(image('a'), "r-a-follow").withReplyTo(COLLECTOR), null); // follows the running release
    submit(req(image('b'), "r-b").withReplyTo(COLLECTOR), null);
    submit(req(image('c'), "r-c").withReplyTo(COLLECTOR), null); // supersedes b
    submit(req(image('c'), "r-c").withReplyTo(COLLECTOR), null); // duplicate: no reply
    waits.awaitReleasesHandled(2); // a, then c
    await(() -> collector.replies().size() == 5, "5 replies");
    waits.letTimePass(Duration.ofSeconds(30));
    return client.fetchHistory(run.getWorkflowId(), run.getRunId());
  }

  List<FleetReply> collected() {
    return client.newWorkflowStub(ReplyCollector.class, COLLECTOR).replies();
  }

  private WorkflowExecution submit(ReleaseSubmission request, QueueMode mode) {
    return ServiceReleases.submit(client, SERVICE, settings(), mode == null ? request : request.withMode(mode));
  }

  private void control(Command.Action action, String reason) {
    ServiceReleases.control(client, SERVICE, new Command(action, reason, "recorder"));
  }

  ServiceStatus status() {
    return ServiceReleases.status(client, SERVICE);
  }

  /** Waits, without letting workflow time pass, for what follows from what the scenario just did. */
  private void await(BooleanSupplier condition, String what) {
    waits.awaitWithoutTime(condition, "scenario stalled: " + what);
  }

  private void awaitStarted(int releases) {
    waits.awaitWithoutTime(
        () -> log.started().size() >= releases, "scenario stalled: " + releases + " releases started");
  }

  static ReleaseSubmission req(String image, String key) {
    return ReleaseSubmission.ofImage(image, "recorder", key, "recorder");
  }

  static String image(char c) {
    return Releases.REPOSITORY + "@sha256:" + String.valueOf(c).repeat(64);
  }

  static String crashImage() {
    return Releases.REPOSITORY + "-crash@sha256:" + "9".repeat(64);
  }

  @Override
  public void close() {
    env.close();
  }
}
