package dev.runshift.testing;

import dev.runshift.events.Notifier;
import dev.runshift.ports.TaskQueues;
import dev.runshift.release.ReleaseOutcome;
import dev.runshift.release.ReleaseRequest;
import dev.runshift.release.ReleaseStatus;
import dev.runshift.release.ReleaseWorkflow;
import dev.runshift.release.ReleaseWorkflowImpl;
import dev.runshift.release.ReleaseWorkflows;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/**
 * A fresh time-skipping Temporal test environment running the release workflow with in-memory fakes
 * registered on their real task queues ({@link TaskQueues}). One per test: close it afterwards.
 *
 * <p>Workflow time starts at {@link #START}, 5 seconds after a whole minute, so where traffic changes fall
 * within Monitoring's 60-second sample periods (which decides which periods count for a step) is the same
 * on every run.
 */
public final class ReleaseTestEnvironment implements AutoCloseable {
  /** Where workflow time starts unless the options say otherwise. */
  public static final Instant START = Instant.parse("2026-03-02T09:00:05Z");

  public final TestWorkflowEnvironment env;
  public final FakeCloudRun cloudRun = new FakeCloudRun();
  public final FakeBuildService builds = new FakeBuildService();
  public final FakeMetricsSource metrics = new FakeMetricsSource(cloudRun);
  public final FakeSmokeTester smoke = new FakeSmokeTester();
  public final FakeNotifier notifier = new FakeNotifier();

  private ReleaseTestEnvironment(TestEnvironmentOptions options) {
    this(options, false, false);
  }

  private ReleaseTestEnvironment(TestEnvironmentOptions options, boolean sendEvents, boolean notifyWorker) {
    this(options, sendEvents, notifyWorker ? null : NO_NOTIFY_WORKER);
  }

  /** Marks an environment where nobody polls the notify queue. */
  private static final Notifier NO_NOTIFY_WORKER = notice -> {};

  private ReleaseTestEnvironment(TestEnvironmentOptions options, boolean sendEvents, Notifier notifyWith) {
    env = TestWorkflowEnvironment.newInstance(options);
    cloudRun.clock(env::currentTimeMillis);
    Worker workflows = env.newWorker(TaskQueues.WORKFLOWS);
    workflows.registerWorkflowImplementationFactory(ReleaseWorkflow.class, () -> new ReleaseWorkflowImpl(sendEvents));
    env.newWorker(TaskQueues.BUILD).registerActivitiesImplementations(builds);
    env.newWorker(TaskQueues.DEPLOY).registerActivitiesImplementations(cloudRun);
    env.newWorker(TaskQueues.VERIFY).registerActivitiesImplementations(metrics, smoke);
    if (notifyWith != NO_NOTIFY_WORKER) {
      env.newWorker(TaskQueues.NOTIFY).registerActivitiesImplementations(notifyWith == null ? notifier : notifyWith);
    }
    env.start();
  }

  /** As {@link #start()}, releases sending their events to {@link #notifier} on the notify queue. */
  public static ReleaseTestEnvironment withEvents() {
    return new ReleaseTestEnvironment(options().build(), true, true);
  }

  /** Releases sending their events to {@code notifyWith} (a real notifier) instead of {@link #notifier}. */
  public static ReleaseTestEnvironment withNotifier(TestEnvironmentOptions options, Notifier notifyWith) {
    return new ReleaseTestEnvironment(options, true, notifyWith);
  }

  /**
   * Releases sending their events, and nobody polling the notify queue (a deployment that forgot the
   * notify role). The test server does not skip time while an activity task waits unpolled: such a test
   * runs in real time.
   */
  public static ReleaseTestEnvironment withEventsAndNoNotifyWorker() {
    return new ReleaseTestEnvironment(options().build(), true, false);
  }

  public static ReleaseTestEnvironment start() {
    return new ReleaseTestEnvironment(options().build());
  }

  /** Starting at {@code start} instead of {@link #START}. */
  public static ReleaseTestEnvironment startingAt(Instant start) {
    return new ReleaseTestEnvironment(options().setInitialTime(start).build());
  }

  /** The default options: workflow time starts at {@link #START}. */
  public static TestEnvironmentOptions.Builder options() {
    return TestEnvironmentOptions.newBuilder().setInitialTime(START);
  }

  public static ReleaseTestEnvironment start(TestEnvironmentOptions options) {
    return new ReleaseTestEnvironment(options);
  }

  public WorkflowClient client() {
    return env.getWorkflowClient();
  }

  /** Starts {@code request} with the standard start options and returns its stub. */
  public ReleaseWorkflow startRelease(ReleaseRequest request) {
    return startRelease(request, ReleaseWorkflows.options(request, false));
  }

  public ReleaseWorkflow startRelease(ReleaseRequest request, WorkflowOptions options) {
    ReleaseWorkflow release = client().newWorkflowStub(ReleaseWorkflow.class, options);
    WorkflowClient.start(release::run, request);
    return release;
  }

  /** The stub of an already started release. */
  public ReleaseWorkflow release(String releaseId) {
    return client().newWorkflowStub(ReleaseWorkflow.class, ReleaseWorkflows.workflowId(releaseId));
  }

  /** Lets {@code duration} of workflow time pass (skipping it). */
  public void advance(Duration duration) {
    env.sleep(duration);
  }

  /**
   * Advances workflow time in {@code step}s until the release's status satisfies {@code condition}, for
   * at most {@code limit} of workflow time; fails with the last status otherwise.
   */
  public ReleaseStatus awaitStatus(
      ReleaseWorkflow release, Predicate<ReleaseStatus> condition, Duration step, Duration limit) {
    ReleaseStatus status = release.status();
    for (Duration waited = Duration.ZERO; !condition.test(status); waited = waited.plus(step)) {
      if (waited.compareTo(limit) >= 0) {
        throw new AssertionError("release did not reach the expected state within " + limit
            + " of workflow time; last status: phase " + status.phase() + ", step " + status.stepIndex()
            + ", traffic " + status.traffic() + ", failure " + status.failure() + ", decisions "
            + status.decisions());
      }
      env.sleep(step);
      status = release.status();
    }
    return status;
  }

  public ReleaseStatus awaitStatus(ReleaseWorkflow release, Predicate<ReleaseStatus> condition) {
    return awaitStatus(release, condition, Duration.ofSeconds(20), Duration.ofHours(4));
  }

  /** Waits for {@code release} to end and returns its outcome. */
  public static ReleaseOutcome outcome(ReleaseWorkflow release) {
    return WorkflowStub.fromTyped(release).getResult(ReleaseOutcome.class);
  }

  /** The candidate's percent in every map the Cloud Run fake applied to {@link Releases#SERVICE}, in order. */
  public List<Integer> candidatePercents(String releaseId) {
    String candidate = Releases.candidate(releaseId);
    return cloudRun.appliedMaps(Releases.SERVICE).stream().map(m -> m.percentOf(candidate)).toList();
  }

  @Override
  public void close() {
    env.close();
  }
}
