package dev.runshift.trigger;

import static dev.runshift.trigger.Notifications.digest;
import static dev.runshift.trigger.Notifications.message;
import static dev.runshift.trigger.Notifications.success;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runshift.config.RoutingConfig;
import dev.runshift.config.RoutingConfigs;
import dev.runshift.fleet.FleetPhase;
import dev.runshift.fleet.FleetStatus;
import dev.runshift.fleet.FleetWorkflowImpl;
import dev.runshift.fleet.FleetWorkflows;
import dev.runshift.fleet.ServiceOutcome;
import dev.runshift.activities.fleet.TemporalFleetSubmitter;
import dev.runshift.ports.KnownVisibility;
import dev.runshift.ports.ServiceRef;
import dev.runshift.ports.TaskQueues;
import dev.runshift.release.ReleaseWorkflowImpl;
import dev.runshift.service.ServiceSettings;
import dev.runshift.service.ServiceWorkflowImpl;
import dev.runshift.testing.FakeCloudRun;
import dev.runshift.testing.FakeImageRegistry;
import dev.runshift.testing.FakeMetricsSource;
import dev.runshift.testing.FakeSmokeTester;
import dev.runshift.traffic.TrafficMap;
import dev.runshift.traffic.TrafficTarget;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A successful build of an image a fleet follows starts that fleet's redeploy of the digest, once,
 * however often the notification arrives; through the real parser, receiver, starter and workflows.
 */
class FleetTriggerTest {
  static final String EDGE_REPO = "europe-docker.pkg.dev/acme/apps/edge";
  static final String OLD = EDGE_REPO + "@sha256:" + "0".repeat(64);

  static RoutingConfig routing() {
    return RoutingConfigs.parse("fleet-routing.yaml", """
        policies:
          quick: { steps: [100], soak: 1m, analysisInterval: 1m, minRequests: 1 }
        fleets:
          - name: edge
            selector: { tier: edge }
            policy: quick
            image: %s
            projects: [acme-prod]
            regions: [europe-west1]
            waves: ["1", "100%%"]
            maxInFlight: 2
        """.formatted(EDGE_REPO), null);
  }

  private final TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
  // Workflow time, so the fake remembers when each traffic map took effect: a single-step [100] release
  // has no stable traffic to compare with and is judged against its baseline, read after the shift, which
  // must see the traffic from before the release as Monitoring would (without a clock it sees the
  // candidate at 100%: no baseline, so the release waits 2 h for traffic and then for an operator).
  private final FakeCloudRun cloudRun = new FakeCloudRun().clock(env::currentTimeMillis);
  // The sequential default verdict needs evidence that the candidate is not worse than the baseline. At
  // the fake's default 10 requests/s and 0.1% 5xx that takes hours (past maxWaitForTraffic, as the README
  // says it should); at 200 requests/s it takes minutes of workflow time, so both releases promote.
  private final FakeMetricsSource metrics = new FakeMetricsSource(cloudRun).requestsPerSecond(200);

  @AfterEach
  void close() {
    env.close();
  }

  @Test
  void aBuildOfTheFollowedImageIsAFleetRouteNotAServiceRoute() {
    Notification n = new BuildNotificationParser(new Router(routing()))
        .parse(message("m-1", success("b-1", EDGE_REPO + ":v2", digest('b'))).getData(), Map.of());
    Notification.Routes routes = assertInstanceOf(Notification.Routes.class, n);
    assertEquals(List.of(), routes.releases());
    assertEquals(1, routes.fleets().size());
    RoutedFleet fleet = routes.fleets().get(0);
    assertEquals("edge-bbbbbbbbbbbb", fleet.fleetId());
    assertEquals(EDGE_REPO + "@" + digest('b'), fleet.request().image());
    assertEquals(List.of("1", "100%"), fleet.request().waves());
    assertEquals(List.of(100), fleet.request().policy().steps());
  }

  @Test
  void aRedeliveredNotificationStartsTheFleetOnceAndItRedeploysTheLabelledServices() {
    ServiceRef a = service("edge-a", Map.of("tier", "edge"));
    ServiceRef b = service("edge-b", Map.of("tier", "edge"));
    ServiceRef core = service("core", Map.of("tier", "core"));
    Worker workflows = env.newWorker(TaskQueues.WORKFLOWS);
    workflows.registerWorkflowImplementationTypes(
        FleetWorkflowImpl.class, ServiceWorkflowImpl.class, ReleaseWorkflowImpl.class);
    workflows.registerActivitiesImplementations(
        new TemporalFleetSubmitter(env.getWorkflowClient(), ServiceSettings.defaults()), new KnownVisibility(false));
    env.newWorker(TaskQueues.DEPLOY).registerActivitiesImplementations(cloudRun, new FakeImageRegistry());
    env.newWorker(TaskQueues.VERIFY).registerActivitiesImplementations(
        metrics, new FakeSmokeTester());
    env.start();
    BuildMessageReceiver receiver = new BuildMessageReceiver(
        new BuildNotificationParser(new Router(routing())), Notifications.CONFIRMS_EVERY_CLAIM,
        new TemporalReleaseStarter(env.getWorkflowClient()));

    String image = EDGE_REPO + "@" + digest('b');
    for (int i = 0; i < 2; i++) {
      RecordingConsumer consumer = new RecordingConsumer();
      receiver.receiveMessage(message("m-1", success("b-1", EDGE_REPO + ":v2", digest('b'))), consumer);
      assertEquals(List.of("ack"), consumer.replies, "delivery " + i);
    }

    FleetStatus result = WorkflowStub.fromTyped(FleetWorkflows.stub(env.getWorkflowClient(), "edge-bbbbbbbbbbbb"))
        .getResult(FleetStatus.class);
    assertEquals(FleetPhase.COMPLETED, result.phase(), result.toString());
    assertEquals(2, result.selected());
    assertEquals(2, result.count(ServiceOutcome.PROMOTED));
    assertEquals(image, cloudRun.servingImage(a));
    assertEquals(image, cloudRun.servingImage(b));
    assertEquals(OLD, cloudRun.servingImage(core));
    assertEquals(2, cloudRun.calls("deployNoTraffic"), "the second delivery started nothing new");
    assertTrue(result.digest().equals(image));
  }

  @Test
  void aFleetFollowingAnImageNeedsWhereToLook() {
    dev.runshift.config.ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(
        dev.runshift.config.ConfigException.class,
        () -> RoutingConfigs.parse("bad.yaml", """
            fleets:
              - { name: edge, selector: { tier: edge }, image: %s }
            """.formatted(EDGE_REPO), null));
    assertTrue(e.getMessage().contains("needs projects and regions"), e.getMessage());
  }

  private ServiceRef service(String name, Map<String, String> labels) {
    ServiceRef ref = new ServiceRef("acme-prod", "europe-west1", name);
    cloudRun.givenService(ref, new TrafficMap(List.of(TrafficTarget.revision(name + "-00001", 100))), name + "-00001",
        OLD, labels);
    return ref;
  }
}
