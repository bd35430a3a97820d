package dev.runshift.service;

import static dev.runshift.testing.Releases.REPOSITORY;
import static dev.runshift.testing.Releases.SERVICE;
import static dev.runshift.testing.Releases.SERVING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.runshift.activities.google.GoogleClientsConfig;
import dev.runshift.policy.PolicyBuilder;
import dev.runshift.policy.RolloutPolicy;
import dev.runshift.ports.ArtifactTestRequest;
import dev.runshift.ports.BuildRequest;
import dev.runshift.ports.BuildSpec;
import dev.runshift.ports.BuiltImage;
import dev.runshift.ports.DeployRequest;
import dev.runshift.ports.Deployment;
import dev.runshift.ports.PromoteRequest;
import dev.runshift.ports.RollbackRequest;
import dev.runshift.ports.ShiftRequest;
import dev.runshift.ports.TestReport;
import dev.runshift.ports.TestSpec;
import dev.runshift.ports.TaskQueues;
import dev.runshift.release.Phase;
import dev.runshift.release.RevisionNames;
import dev.runshift.testing.FakeBuildService;
import dev.runshift.testing.FakeCloudRun;
import dev.runshift.testing.FakeMetricsSource;
import dev.runshift.testing.FakeMetricsSource.Signals;
import dev.runshift.testing.FakeSmokeTester;
import dev.runshift.traffic.TrafficMap;
import dev.runshift.worker.GoogleActivities;
import dev.runshift.worker.Role;
import dev.runshift.worker.RunshiftWorker;
import dev.runshift.worker.StickyExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The workflows worker is shut down hard ({@code shutdownNow}, its cached workflows and sticky queue
 * gone, as with kill -9) and replaced by a new one at every step boundary of a release from source: after
 * the build, the artifact tests, the deploy and every traffic change. On Temporal's test server, which
 * never gives a sticky task back to the normal queue, this strands the release unless the worker runs
 * without sticky execution there ({@link StickyExecution}). Each release must still end with the right
 * outcome, one build, one candidate revision and the exact traffic.
 *
 * <p>The worker is replaced inside the activity that crosses the boundary, before it returns, so the
 * workflow task that follows is the first one the dead worker would have had. Time passes only through
 * {@code env.sleep} in steps far shorter than the soak; the entity is only queried once it has recorded
 * the release ({@link EntityWaits}).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class WorkerRestartChaosTest {
  static final RolloutPolicy POLICY =
      PolicyBuilder.defaults().steps(50, 100).soak(Duration.ofMinutes(2)).analysisInterval(Duration.ofMinutes(1))
          .build();
  /** Workflow time a release may take between two boundaries before the test calls it stranded. */
  static final Duration STRANDED_AFTER = Duration.ofHours(1);
  static final Duration STEP = Duration.ofSeconds(5);

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private final Boundaries boundaries = new Boundaries();
  private final FakeCloudRun cloudRun = boundaries.cloudRun;
  private final FakeBuildService builds = boundaries.builds;
  private final FakeMetricsSource metrics = new FakeMetricsSource(cloudRun);
  private final AtomicInteger restarts = new AtomicInteger();
  private GoogleActivities unusedGoogle;
  private WorkerFactory workflows;

  @BeforeEach
  void setUp() {
    env = TestWorkflowEnvironment.newInstance();
    env.newWorker(TaskQueues.BUILD).registerActivitiesImplementations(builds);
    env.newWorker(TaskQueues.DEPLOY).registerActivitiesImplementations(cloudRun);
    env.newWorker(TaskQueues.VERIFY).registerActivitiesImplementations(metrics, new FakeSmokeTester());
    env.start();
    client = env.getWorkflowClient();
    // The workflows role opens no Google client; this only names where activities would go.
    unusedGoogle = GoogleActivities.create(GoogleClientsConfig.google().withEndpoint("localhost:1"));
    cloudRun.givenService(SERVICE, SERVING, "checkout-00042-def");
    metrics.requestsPerSecond(100);
    workflows = startWorkflowsWorker();
  }

  @AfterEach
  synchronized void tearDown() {
    workflows.shutdownNow();
    unusedGoogle.close();
    env.close();
  }

  @Test
  void theTestServerGetsNoStickyExecution() {
    assertEquals(StickyExecution.OFF, StickyExecution.forServer(env.getWorkflowServiceStubs()));
  }

  @Test
  void aHealthyReleaseIsPromotedThoughItsWorkerDiesAtEveryBoundary() {
    ServiceStatus status = releaseWhileRestartingAtEveryBoundary();

    assertEquals(List.of(Phase.PROMOTED), phases(status), status.history().toString());
    String candidate = candidate(status);
    List<TrafficMap> maps = cloudRun.appliedMaps(SERVICE);
    assertEquals(List.of(50, 100, 100), maps.stream().map(m -> m.percentOf(candidate)).toList(), maps.toString());
    assertEquals(100, cloudRun.traffic(SERVICE).percentOf(candidate), cloudRun.traffic(SERVICE).toString());
    assertOneBuildAndOneCandidate(candidate);
  }

  @Test
  void aFailingReleaseRollsBackToTheExactMapThoughItsWorkerDiesAtEveryBoundary() {
    metrics.candidate((percent, from, to) -> Signals.errors(0.3));

    ServiceStatus status = releaseWhileRestartingAtEveryBoundary();

    assertEquals(List.of(Phase.ROLLED_BACK), phases(status), status.history().toString());
    assertEquals(SERVING, cloudRun.traffic(SERVICE), "a rollback restores exactly what served before");
    assertOneBuildAndOneCandidate(candidate(status));
  }

  /**
   * Submits a release from source, lets workflow time pass until it has ended (each boundary replaces the
   * workflows worker, see {@link Boundaries}) and returns the entity's status once it has recorded it.
   */
  private ServiceStatus releaseWhileRestartingAtEveryBoundary() {
    ServiceReleases.submit(client, SERVICE, settings(), new ReleaseSubmission(
        null, new BuildSpec("gs://shop-src/checkout.tar.gz", REPOSITORY, "Dockerfile", null),
        new TestSpec(List.of("./run-tests.sh"), Duration.ofMinutes(10)), null,
        "test", "k-chaos", "tester", null));
    EntityWaits waits = new EntityWaits(env, client, SERVICE, () -> "maps: " + cloudRun.appliedMaps(SERVICE)
        + " after " + restarts.get() + " restarts; a stranded workflow task locks time skipping");
    int seen = restarts.get();
    Duration sinceProgress = Duration.ZERO;
    while (!ended()) {
      if (sinceProgress.compareTo(STRANDED_AFTER) > 0) {
        fail("the release made no progress for " + STRANDED_AFTER + " of workflow time after restart " + seen
            + " (maps " + cloudRun.appliedMaps(SERVICE) + "); release stranded");
      }
      waits.letTimePass(STEP);
      sinceProgress = restarts.get() == seen ? sinceProgress.plus(STEP) : Duration.ZERO;
      seen = restarts.get();
    }
    waits.awaitReleasesHandled(1);
    // build, artifact tests, deploy, at least one shift, and a promotion or a rollback
    assertEquals(1, builds.tests(), "artifact tests");
    assertTrue(restarts.get() >= 5, "restarts: " + restarts.get());
    return ServiceReleases.status(client, SERVICE);
  }

  private boolean ended() {
    return cloudRun.calls("promote") + cloudRun.calls("rollback") > 0;
  }

  /** Kills the workflows worker and starts a new one, while the workflow waits for an activity's result. */
  private synchronized void restartWorkflowsWorker() {
    workflows.shutdownNow();
    workflows.awaitTermination(30, TimeUnit.SECONDS);
    workflows = startWorkflowsWorker();
    restarts.incrementAndGet();
  }

  /** Every step boundary: an activity that moves the release on replaces the worker before it returns. */
  private final class Boundaries {
    final FakeBuildService builds = new FakeBuildService() {
      @Override
      public BuiltImage build(BuildRequest request) {
        BuiltImage built = super.build(request);
        restartWorkflowsWorker();
        return built;
      }

      @Override
      public TestReport testArtifact(ArtifactTestRequest request) {
        TestReport report = super.testArtifact(request);
        restartWorkflowsWorker();
        return report;
      }
    };
    final FakeCloudRun cloudRun = new FakeCloudRun() {
      @Override
      public Deployment deployNoTraffic(DeployRequest request) {
        Deployment deployment = super.deployNoTraffic(request);
        restartWorkflowsWorker();
        return deployment;
      }

      @Override
      public TrafficMap shiftTraffic(ShiftRequest request) {
        TrafficMap map = super.shiftTraffic(request);
        restartWorkflowsWorker();
        return map;
      }

      @Override
      public TrafficMap promote(PromoteRequest request) {
        TrafficMap map = super.promote(request);
        restartWorkflowsWorker();
        return map;
      }

      @Override
      public TrafficMap rollback(RollbackRequest request) {
        TrafficMap map = super.rollback(request);
        restartWorkflowsWorker();
        return map;
      }
    };
  }

  private WorkerFactory startWorkflowsWorker() {
    return RunshiftWorker.start(client, Set.of(Role.WORKFLOWS), unusedGoogle, settings());
  }

  private void assertOneBuildAndOneCandidate(String candidate) {
    assertEquals(1, builds.builds(), "builds");
    List<String> created = new ArrayList<>(cloudRun.revisions(SERVICE));
    created.removeAll(List.of("checkout-00041-abc", "checkout-00042-def", "checkout-00040-old"));
    assertEquals(List.of(candidate), created, "revisions created");
  }

  private static ServiceSettings settings() {
    return ServiceSettings.defaults().withLearnServingImage(false).withDefaultPolicy(POLICY);
  }

  private static String candidate(ServiceStatus status) {
    return RevisionNames.candidate(SERVICE.service(), status.history().get(0).releaseId());
  }

  private static List<Phase> phases(ServiceStatus status) {
    return status.history().stream().map(ReleaseRecord::phase).toList();
  }
}
