package dev.runshift.fleet;

import dev.runshift.policy.RolloutPolicy;
import dev.runshift.ports.KnownVisibility;
import dev.runshift.ports.ServiceRef;
import dev.runshift.ports.TaskQueues;
import dev.runshift.release.ReleaseWorkflowImpl;
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
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A fresh time-skipping environment with the real fleet, service entity and release workflows, the
 * real fleet submitter (a Temporal client), and the in-memory Cloud Run / metrics / registry fakes on
 * their real task queues. One per test.
 */
final class FleetHarness implements AutoCloseable {
  static final String REPO = "europe-docker.pkg.dev/acme/apps/api";
  static final String OLD = REPO + "@sha256:" + "0".repeat(64);
  static final String NEW = REPO + "@sha256:" + "1".repeat(64);

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

  /**
   * A short policy: 50% then 100%, 2-minute soak, 1-minute analysis, judged by the threshold rule (these
   * tests are about the fleet; each service's traffic is 10 requests/s with 0.1% 5xx, too little for
   * sequential verdicts to show a healthy candidate not worse than stable within the tests' time).
   */
  static RolloutPolicy policy() {
    return PolicyBuilder.threshold().steps(50, 100).soak(Duration.ofMinutes(2)).minRequests(10).build();
  }

  static FleetRequest request(String image, List<String> waves, int maxInFlight, int maxFailures) {
    return new FleetRequest(
        new FleetSelector(List.of("acme"), List.of("europe-west1"), Map.of(), null), image, waves, maxInFlight,
        maxFailures, null, policy(), null, false, 0, 0, 100, "test");
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

  /** Advances workflow time in {@code step}s until {@code condition} holds on the fleet's status. */
  FleetStatus awaitStatus(String id, Predicate<FleetStatus> condition) {
    FleetStatus status = fleet(id).status();
    for (int i = 0; !condition.test(status); i++) {
      if (i > 500) {
        throw new AssertionError("fleet did not reach the expected state; last: " + status);
      }
      env.sleep(Duration.ofSeconds(30));
      status = fleet(id).status();
    }
    return status;
  }

  @Override
  public void close() {
    env.close();
  }
}
