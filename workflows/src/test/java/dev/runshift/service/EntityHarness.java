package dev.runshift.service;

import static dev.runshift.testing.Releases.SERVICE;
import static dev.runshift.testing.Releases.SERVING;

import dev.runshift.ports.KnownVisibility;
import dev.runshift.ports.TaskQueues;
import dev.runshift.release.ReleaseSearchAttributes;
import dev.runshift.release.ReleaseWorkflowImpl;
import dev.runshift.testing.FakeBuildService;
import dev.runshift.testing.FakeCloudRun;
import dev.runshift.testing.FakeMetricsSource;
import dev.runshift.testing.FakeSmokeTester;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;

/**
 * A time-skipping test environment running the service entity with the real release workflow against
 * in-memory fakes on their task queues; {@link dev.runshift.testing.Releases#SERVICE} serves {@link
 * dev.runshift.testing.Releases#SERVING} and gets 100 requests/s. One per test: close it afterwards.
 */
final class EntityHarness implements AutoCloseable {
  final TestWorkflowEnvironment env;
  final WorkflowClient client;
  final EntityWaits waits;
  final FakeCloudRun cloudRun = new FakeCloudRun();
  final FakeMetricsSource metrics = new FakeMetricsSource(cloudRun);

  /**
   * @param searchAttributes register Runshift's search attributes on the namespace and have the worker
   *     say so, as {@code worker --search-attributes} does
   */
  EntityHarness(boolean searchAttributes) {
    env = TestWorkflowEnvironment.newInstance(options(searchAttributes));
    Worker workflows = env.newWorker(TaskQueues.WORKFLOWS);
    workflows.registerWorkflowImplementationTypes(ServiceWorkflowImpl.class, ReleaseWorkflowImpl.class);
    workflows.registerActivitiesImplementations(new KnownVisibility(searchAttributes));
    env.newWorker(TaskQueues.BUILD).registerActivitiesImplementations(new FakeBuildService());
    env.newWorker(TaskQueues.DEPLOY).registerActivitiesImplementations(cloudRun);
    env.newWorker(TaskQueues.VERIFY).registerActivitiesImplementations(metrics, new FakeSmokeTester());
    env.start();
    client = env.getWorkflowClient();
    waits = new EntityWaits(env, client, SERVICE, () -> "maps: " + cloudRun.appliedMaps(SERVICE));
    cloudRun.givenService(SERVICE, SERVING, "checkout-00042-def");
    metrics.requestsPerSecond(100);
  }

  /** Test environment options, with Runshift's search attributes registered if {@code searchAttributes}. */
  static TestEnvironmentOptions options(boolean searchAttributes) {
    TestEnvironmentOptions.Builder options = TestEnvironmentOptions.newBuilder();
    if (searchAttributes) {
      ReleaseSearchAttributes.definitions().forEach(options::registerSearchAttribute);
    }
    return options.build();
  }

  @Override
  public void close() {
    env.close();
  }
}
