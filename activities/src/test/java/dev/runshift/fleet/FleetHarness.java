package dev.runshift.fleet;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import dev.runshift.activities.fleet.TemporalFleetSubmitter;
import dev.runshift.policy.RolloutPolicy;
import dev.runshift.ports.KnownVisibility;
import dev.runshift.ports.ServiceRef;
import dev.runshift.ports.TaskQueues;
import dev.runshift.release.ReleaseWorkflowImpl;
import dev.runshift.service.EntityWaits;
import dev.runshift.service.ServiceIds;
import dev.runshift.service.ServiceSettings;
import dev.runshift.service.ServiceStatus;
import dev.runshift.service.ServiceWorkflow;
import dev.runshift.service.ServiceWorkflowImpl;
import dev.runshift.testing.FakeBuildService;
import dev.runshift.testing.FakeImageRegistry;
import dev.runshift.testing.FakeMetricsSource;
import dev.runshift.testing.FakeSmokeTester;
import dev.runshift.policy.PolicyBuilder;
import dev.runshift.traffic.TrafficMap;
import dev.runshift.traffic.TrafficTarget;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A fresh time-skipping environment with the real fleet, service entity and release workflows, the
 * real fleet submitter (a Temporal client), and the in-memory Cloud Run / metrics / registry fakes on
 * their real task queues. One per test.
 */
final class FleetHarness implements AutoCloseable {
  final TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
  final RecordingCloudRun cloudRun = new RecordingCloudRun();
  final FakeMetricsSource metrics = new FakeMetricsSource(cloudRun);
  final FakeImageRegistry registry = new FakeImageRegistry();

  FleetHarness() {
    cloudRun.use(env::currentTimeMillis, metrics);
    Worker workflows = env.newWorker(TaskQueues.WORKFLOWS);
    workflows.registerWorkflowImplementationTypes(
        FleetWorkflowImpl.class, ServiceWorkflowImpl.class, ReleaseWorkflowImpl.class);
    workflows.registerActivitiesImplementations(
        new TemporalFleetSubmitter(env.getWorkflowClient(), ServiceSettings.defaults()), new KnownVisibility(false));
    env.newWorker(TaskQueues.DEPLOY).registerActivitiesImplementations(cloudRun, registry);
    env.newWorker(TaskQueues.VERIFY).registerActivitiesImplementations(metrics, new FakeSmokeTester());
    env.newWorker(TaskQueues.BUILD).registerActivitiesImplementations(new FakeBuildService());
    env.start();
  }

  /** {@code n} services {@code svc-000…} in acme/europe-west1 serving {@code image} with {@code labels}. */
  List<ServiceRef> givenServices(int n, String image, Map<String, String> labels) {
    List<ServiceRef> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(givenService(String.format("svc-%03d", i), image, labels));
    }
    return out;
  }

  ServiceRef givenService(String name, String image, Map<String, String> labels) {
    ServiceRef ref = new ServiceRef("acme", "europe-west1", name);
    String revision = name + "-00001";
    cloudRun.givenService(ref, new TrafficMap(List.of(TrafficTarget.revision(revision, 100))), revision, image, labels);
    return ref;
  }

  WorkflowClient client() {
    return env.getWorkflowClient();
  }

  FleetWorkflow start(String id, FleetRequest request) {
    FleetWorkflow fleet = client().newWorkflowStub(
        FleetWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(TaskQueues.WORKFLOWS).build());
    WorkflowClient.start(fleet::run, FleetInput.start(request));
    return fleet;
  }

  FleetWorkflow fleet(String id) {
    return client().newWorkflowStub(FleetWorkflow.class, id);
  }

  /** Waits (skipping time) for the fleet's result. */
  FleetStatus result(String id) {
    return WorkflowStub.fromTyped(fleet(id)).getResult(FleetStatus.class);
  }

  ServiceStatus entity(ServiceRef service) {
    return client().newWorkflowStub(ServiceWorkflow.class, ServiceIds.entityId(service)).status();
  }

  /**
   * Lets workflow time pass in steps of {@link #STEP} until {@code condition} holds on the fleet's status,
   * failing after {@link #MAX_STEPS} steps or {@link EntityWaits#DEADLINE} of real time per step instead of
   * hanging. The fleet is queried only while its latest run has no workflow task and no activity in
   * flight (see {@link #quietStatus}).
   */
  FleetStatus awaitStatus(String id, Predicate<FleetStatus> condition) {
    FleetStatus status = quietStatus(id);
    for (int i = 0; !condition.test(status); i++) {
      if (i >= MAX_STEPS) {
        fail("fleet did not reach the expected state within " + STEP.multipliedBy(MAX_STEPS)
            + " of workflow time; last: " + status);
      }
      Duration step = STEP;
      assertTimeoutPreemptively(EntityWaits.DEADLINE, () -> env.sleep(step),
          () -> step + " of workflow time did not pass within " + EntityWaits.DEADLINE + " (real time): "
              + "time skipping is locked; fleet history: " + eventTypes(id));
      status = quietStatus(id);
    }
    return status;
  }

  static final Duration STEP = Duration.ofSeconds(30);
  static final int MAX_STEPS = 500;

  /**
   * The fleet's status, asked only once its latest run has no workflow task and no activity in flight.
   * A query that reaches a workflow while its continue-as-new task runs is buffered behind that task and
   * locks time skipping on the test server for good (see {@link EntityWaits}); the fleet continues as
   * new only in a task that follows a completed activity (a start), so with neither in flight none can
   * be running when the query arrives. Waits in real time, without letting workflow time pass.
   */
  FleetStatus quietStatus(String id) {
    awaitQuiet(id);
    return fleet(id).status();
  }

  /**
   * Waits in real time, without letting workflow time pass, until workflow {@code id}'s latest run has
   * no workflow task and no activity in flight.
   */
  void awaitQuiet(String id) {
    long end = System.nanoTime() + EntityWaits.DEADLINE.toNanos();
    while (!quiet(client().fetchHistory(id).getEvents())) {
      if (System.nanoTime() - end > 0) {
        fail(id + " never became quiet within " + EntityWaits.DEADLINE + " (real time): " + eventTypes(id));
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private static boolean quiet(List<HistoryEvent> events) {
    Set<Long> activities = new HashSet<>();
    boolean task = false;
    for (HistoryEvent e : events) {
      switch (e.getEventType()) {
        case EVENT_TYPE_WORKFLOW_TASK_SCHEDULED -> task = true;
        case EVENT_TYPE_WORKFLOW_TASK_COMPLETED, EVENT_TYPE_WORKFLOW_TASK_FAILED,
            EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT -> task = false;
        case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED -> activities.add(e.getEventId());
        case EVENT_TYPE_ACTIVITY_TASK_COMPLETED ->
            activities.remove(e.getActivityTaskCompletedEventAttributes().getScheduledEventId());
        case EVENT_TYPE_ACTIVITY_TASK_FAILED ->
            activities.remove(e.getActivityTaskFailedEventAttributes().getScheduledEventId());
        case EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT ->
            activities.remove(e.getActivityTaskTimedOutEventAttributes().getScheduledEventId());
        case EVENT_TYPE_ACTIVITY_TASK_CANCELED ->
            activities.remove(e.getActivityTaskCanceledEventAttributes().getScheduledEventId());
        default -> { }
      }
    }
    return !task && activities.isEmpty();
  }

  private List<String> eventTypes(String id) {
    return client().fetchHistory(id).getEvents().stream()
        .map(e -> e.getEventType().name().replace("EVENT_TYPE_", ""))
        .toList();
  }

  /** Waits on {@code service}'s entity through its history (see {@link EntityWaits}). */
  EntityWaits entityWaits(ServiceRef service) {
    return new EntityWaits(env, client(), service, () -> "spans: " + cloudRun.spans());
  }

  /** Ends the service's entity as an operator's {@code temporal workflow terminate} would. */
  void terminateEntity(ServiceRef service) {
    terminate(ServiceIds.entityId(service));
  }

  /**
   * Terminates workflow {@code id} once it is quiet: terminating a workflow while its workflow task runs
   * leaves that task holding the test server's time-skipping lock for good.
   */
  void terminate(String id) {
    awaitQuiet(id);
    client().newUntypedWorkflowStub(id).terminate("test: lost");
  }

  @Override
  public void close() {
    env.close();
  }
}
