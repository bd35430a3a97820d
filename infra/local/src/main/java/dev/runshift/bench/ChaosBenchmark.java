package dev.runshift.bench;

import com.google.cloudbuild.v1.Build;
import dev.runshift.activities.cloudbuild.BuildTags;
import dev.runshift.activities.cloudbuild.CloudBuildActivities;
import dev.runshift.activities.google.GoogleClients;
import dev.runshift.activities.google.GoogleClientsConfig;
import dev.runshift.activities.google.LroPolling;
import dev.runshift.activities.metrics.MonitoringActivities;
import dev.runshift.activities.registry.ArtifactRegistryImageRegistry;
import dev.runshift.activities.run.CloudRunActivities;
import dev.runshift.activities.run.TrafficMapper;
import dev.runshift.activities.smoke.HttpSmokeTester;
import dev.runshift.policy.PolicyBuilder;
import dev.runshift.policy.RolloutPolicy;
import dev.runshift.ports.BuildSpec;
import dev.runshift.ports.ServiceRef;
import dev.runshift.ports.TaskQueues;
import dev.runshift.release.Phase;
import dev.runshift.release.ReleaseOutcome;
import dev.runshift.release.ReleaseRequest;
import dev.runshift.release.ReleaseStatus;
import dev.runshift.release.ReleaseWorkflow;
import dev.runshift.release.ReleaseWorkflowImpl;
import dev.runshift.release.RevisionNames;
import dev.runshift.simulator.Simulator;
import dev.runshift.simulator.core.ImageBehaviour;
import dev.runshift.simulator.core.SimClock;
import dev.runshift.simulator.core.SimConfig;
import dev.runshift.traffic.TrafficMap;
import io.grpc.Status;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * N concurrent releases end to end (the real release workflow, the real activities over the Google
 * clients, the simulator on the time-skipping test server's clock), once without faults (the anchor) and
 * once under chaos: every Google API method fails at the given rate, split evenly over the transient
 * codes (UNAVAILABLE, INTERNAL, ABORTED, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED), a tight Cloud Run write
 * quota, and the activity workers killed ({@code shutdownNow}) and replaced every few simulated minutes.
 * Every fifth release is built from source; every fifth release ships a bad image (20% 5xx) that must be
 * rolled back; the rest must be promoted. Measures, does not assert: a benchmark, not a test.
 *
 * <p>Only activity workers are restarted: the workflow worker stays up, because the embedded test server
 * strands a dead workflow worker's sticky tasks (issue 12 §3), which is a different problem.
 */
public final class ChaosBenchmark {
  static final String PROJECT = "chaos";
  static final String REGION = "us-central1";
  static final String REPO = "us-docker.pkg.dev/chaos/apps/api";
  static final String OLD = REPO + "@sha256:" + "0".repeat(64);

  /** The transient codes, each failing {@code faultRate / 5} of the calls. */
  static final List<Status.Code> TRANSIENT = List.of(Status.Code.UNAVAILABLE, Status.Code.INTERNAL,
      Status.Code.ABORTED, Status.Code.DEADLINE_EXCEEDED, Status.Code.RESOURCE_EXHAUSTED);

  /**
   * @param releases concurrent releases (one service each)
   * @param faultRate fraction of every Google API call that fails, split evenly over {@link #TRANSIENT}
   * @param writeQuota Cloud Run writes per minute in the region under chaos
   * @param restartEvery simulated time between activity-worker restarts under chaos
   * @param limit simulated time after which releases still running count as parked or stuck
   */
  public record Options(int releases, double faultRate, int writeQuota, Duration restartEvery, Duration limit) {}

  /** One run (anchor or chaos). */
  public record Run(
      int expected, int wrong, int parked, int stuck, int duplicateBuilds, int duplicateRevisions,
      int wrongTraffic, long makespanMillis, double meanReleaseMillis, int largestHistory, int restarts,
      long faultsInjected, long calls, long wallMillis, List<String> problems) {}

  /** What the benchmark measured. */
  public record Result(Options options, Run anchor, Run chaos) {
    public String report() {
      List<String> lines = new ArrayList<>(List.of(
          "chaos benchmark: " + options.releases() + " concurrent releases; faults " + pct(options.faultRate())
              + " of every Google API call (" + pct(options.faultRate() / TRANSIENT.size()) + " each of "
              + TRANSIENT + "), Cloud Run write quota " + options.writeQuota() + "/min, activity workers restarted every "
              + options.restartEvery().toMinutes() + " simulated min",
          String.format("  %-34s %10s %10s", "", "fault-free", "chaos"),
          row("finished with the expected outcome", anchor.expected(), chaos.expected()),
          row("finished with another outcome", anchor.wrong(), chaos.wrong()),
          row("parked (AWAITING_OPERATOR)", anchor.parked(), chaos.parked()),
          row("stuck (neither)", anchor.stuck(), chaos.stuck()),
          row("duplicate builds", anchor.duplicateBuilds(), chaos.duplicateBuilds()),
          row("duplicate revisions", anchor.duplicateRevisions(), chaos.duplicateRevisions()),
          row("wrong final traffic maps", anchor.wrongTraffic(), chaos.wrongTraffic()),
          row("largest history (events)", anchor.largestHistory(), chaos.largestHistory()),
          row("activity worker restarts", anchor.restarts(), chaos.restarts()),
          row("Google API calls", anchor.calls(), chaos.calls()),
          row("calls failed (faults + quota)", anchor.faultsInjected(), chaos.faultsInjected()),
          String.format("  %-34s %10.1f %10.1f", "makespan (simulated min)", anchor.makespanMillis() / 60_000.0,
              chaos.makespanMillis() / 60_000.0),
          String.format("  %-34s %10.1f %10.1f", "mean release (simulated min)", anchor.meanReleaseMillis() / 60_000.0,
              chaos.meanReleaseMillis() / 60_000.0),
          String.format("  %-34s %10.1f %10.1f", "wall time (s)", anchor.wallMillis() / 1000.0, chaos.wallMillis() / 1000.0),
          String.format("  time inflation under chaos: makespan x%.2f, mean release x%.2f (against the fault-free run above)",
              ratio(chaos.makespanMillis(), anchor.makespanMillis()),
              ratio(chaos.meanReleaseMillis(), anchor.meanReleaseMillis()))));
      for (String problem : chaos.problems()) {
        lines.add("  chaos: " + problem);
      }
      for (String problem : anchor.problems()) {
        lines.add("  fault-free: " + problem);
      }
      return String.join("\n", lines);
    }

    /** True when every release ended as expected with no operator, no duplicates and exact traffic. */
    public boolean onTarget() {
      return chaos.expected() == options.releases() && chaos.duplicateBuilds() == 0
          && chaos.duplicateRevisions() == 0 && chaos.wrongTraffic() == 0;
    }

    private static String row(String what, long anchor, long chaos) {
      return String.format("  %-34s %10d %10d", what, anchor, chaos);
    }

    private static String pct(double f) {
      return String.format("%.1f%%", f * 100);
    }

    private static double ratio(double a, double b) {
      return b == 0 ? 0 : a / b;
    }
  }

  private ChaosBenchmark() {}

  /**
   * 50% then 100% (at 200 requests/s the default verdict settings decide within minutes), a look a
   * minute, undecided for 30 minutes: ask; transient errors retried for 30 minutes.
   */
  static RolloutPolicy policy() {
    return PolicyBuilder.defaults()
        .steps(50, 100)
        .soak(Duration.ZERO)
        .analysisInterval(Duration.ofMinutes(1))
        .minRequests(20)
        .maxWaitForTraffic(Duration.ofMinutes(30))
        .transientRetryFor(Duration.ofMinutes(30))
        .build();
  }

  public static Result run(Options o) throws Exception {
    Run anchor = runOnce(o, false);
    Run chaos = runOnce(o, true);
    return new Result(o, anchor, chaos);
  }

  private static Run runOnce(Options o, boolean chaos) throws Exception {
    long wallStart = System.nanoTime();
    TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
    Simulator sim = Simulator.start(
        SimConfig.defaults().withRevisionReadyDelay(Duration.ofSeconds(5)).withBuildDelays(Duration.ofSeconds(5),
            Duration.ofSeconds(30)),
        SimClock.ofMillis(env::currentTimeMillis));
    LroPolling fast = new LroPolling(Duration.ofMillis(50), 1.5, Duration.ofMillis(500));
    GoogleClients clients = GoogleClients.create(
        GoogleClientsConfig.google().withEndpoint(sim.endpoint()).withPolling(fast, fast)
            .withHeartbeatEvery(Duration.ofMillis(500)));
    WorkerFactory activities = null;
    try {
      WorkflowClient client = env.getWorkflowClient();
      env.newWorker(TaskQueues.WORKFLOWS).registerWorkflowImplementationTypes(ReleaseWorkflowImpl.class);
      env.start();
      activities = startActivityWorkers(client, clients);

      sim.images().setPattern(Pattern.quote(REPO) + "@.*", ImageBehaviour.healthy().withErrorRate(0));
      List<ServiceRef> services = new ArrayList<>();
      List<ReleaseRequest> requests = new ArrayList<>();
      List<TrafficMap> before = new ArrayList<>();
      for (int i = 0; i < o.releases(); i++) {
        ServiceRef ref = new ServiceRef(PROJECT, REGION, String.format("svc-%03d", i));
        sim.cloudRun().createService(ref.project(), ref.region(), ref.service(), OLD);
        sim.cloudRun().setRequestRate(ref.resourceName(), 200);
        services.add(ref);
        String releaseId = "chaos-" + i;
        ReleaseRequest request;
        if (i % 5 == 1) {
          request = new ReleaseRequest(releaseId, ref, null,
              new BuildSpec("gs://chaos-src/" + ref.service() + ".tar.gz", REPO, "Dockerfile", null), null, policy(),
              "bench");
        } else {
          String image = REPO + "@sha256:" + String.format("%064x", i + 1);
          if (bad(i)) {
            sim.images().set(image, ImageBehaviour.healthy().withErrorRate(0.2));
          }
          request = new ReleaseRequest(releaseId, ref, image, null, null, policy(), "bench");
        }
        requests.add(request);
      }
      // An hour of stable traffic before the releases: the baseline the 100% step is judged against.
      env.sleep(Duration.ofHours(1));
      for (ServiceRef ref : services) {
        // Pinned to the stable revision, as Runshift pins it before deploying, so that "exactly the map from
        // before the release" can be compared after a rollback.
        String stable = TrafficMapper.shortName(
            sim.cloudRun().service(ref.resourceName()).orElseThrow().getLatestReadyRevision());
        sim.cloudRun().updateTrafficOutOfBand(ref.resourceName(), Map.of(stable, 100));
        before.add(traffic(sim, ref));
      }
      if (chaos) {
        double p = o.faultRate() / TRANSIENT.size();
        for (int k = 0; k < TRANSIENT.size(); k++) {
          // Rules are tried in order: the k-th fires on p / (1 - k p) of what the earlier ones let through,
          // so each code fails exactly p of all calls.
          sim.faults().failAtRate("*", p / (1 - k * p), TRANSIENT.get(k), "injected " + TRANSIENT.get(k));
        }
        sim.cloudRun().setWriteQuota(REGION, o.writeQuota());
      }
      sim.calls().clear();

      long simStart = env.currentTimeMillis();
      List<CompletableFuture<ReleaseOutcome>> results = new ArrayList<>();
      long[] ended = new long[o.releases()];
      for (int i = 0; i < requests.size(); i++) {
        ReleaseRequest request = requests.get(i);
        ReleaseWorkflow release = client.newWorkflowStub(ReleaseWorkflow.class, releaseOptions(request));
        WorkflowClient.start(release::run, request);
        int index = i;
        results.add(WorkflowStub.fromTyped(release).getResultAsync(ReleaseOutcome.class)
            .whenComplete((r, e) -> ended[index] = env.currentTimeMillis()));
      }
      int restarts = 0;
      long nextRestart = simStart + o.restartEvery().toMillis();
      while (!results.stream().allMatch(CompletableFuture::isDone)
          && env.currentTimeMillis() - simStart < o.limit().toMillis()) {
        env.sleep(Duration.ofMinutes(1));
        if (chaos && env.currentTimeMillis() >= nextRestart) {
          activities.shutdownNow();
          activities.awaitTermination(10, TimeUnit.SECONDS);
          activities = startActivityWorkers(client, clients);
          restarts++;
          nextRestart = env.currentTimeMillis() + o.restartEvery().toMillis();
        }
      }
      long makespan = env.currentTimeMillis() - simStart;

      int expected = 0;
      int wrong = 0;
      int parked = 0;
      int stuck = 0;
      int duplicateBuilds = 0;
      int duplicateRevisions = 0;
      int wrongTraffic = 0;
      int largest = 0;
      double totalMillis = 0;
      int finished = 0;
      List<String> problems = new ArrayList<>();
      List<Build> builds = sim.cloudBuild().builds(PROJECT);
      for (int i = 0; i < requests.size(); i++) {
        ReleaseRequest request = requests.get(i);
        ServiceRef ref = services.get(i);
        Phase want = bad(i) ? Phase.ROLLED_BACK : Phase.PROMOTED;
        String candidate = RevisionNames.candidate(ref.service(), request.releaseId());
        String workflowId = releaseWorkflowId(request);
        largest = Math.max(largest, client.fetchHistory(workflowId).getEvents().size());
        CompletableFuture<ReleaseOutcome> result = results.get(i);
        if (!result.isDone()) {
          ReleaseStatus status = client.newWorkflowStub(ReleaseWorkflow.class, workflowId).status();
          if (status.phase() == Phase.AWAITING_OPERATOR) {
            parked++;
            problems.add(request.releaseId() + " parked: " + (status.failure() == null ? "" : status.failure().message()));
          } else {
            stuck++;
            problems.add(request.releaseId() + " stuck in " + status.phase());
          }
          continue;
        }
        ReleaseOutcome outcome;
        try {
          outcome = result.get();
        } catch (Exception failed) {
          wrong++;
          problems.add(request.releaseId() + " failed: " + failed.getMessage());
          continue;
        }
        finished++;
        totalMillis += ended[i] - simStart;
        if (outcome.phase() == want) {
          expected++;
        } else {
          wrong++;
          problems.add(request.releaseId() + " ended " + outcome.phase() + ", expected " + want + ": " + outcome.reason());
        }
        TrafficMap live = traffic(sim, ref);
        boolean rightMap = want == Phase.ROLLED_BACK ? live.equals(before.get(i)) : live.percentOf(candidate) == 100;
        if (outcome.phase() == want && !rightMap) {
          wrongTraffic++;
          problems.add(request.releaseId() + " final traffic " + live + " (before the release: " + before.get(i) + ")");
        }
        long revisions = sim.cloudRun().revisions(ref.resourceName()).stream()
            .filter(r -> TrafficMapper.shortName(r.getName()).equals(candidate)).count();
        if (revisions > 1) {
          duplicateRevisions += (int) (revisions - 1);
          problems.add(request.releaseId() + ": " + revisions + " candidate revisions");
        }
        if (request.build() != null) {
          String tag = BuildTags.forBuild(request.releaseId());
          long made = builds.stream().filter(b -> b.getTagsList().contains(tag)).count();
          if (made > 1) {
            duplicateBuilds += (int) (made - 1);
            problems.add(request.releaseId() + ": " + made + " builds");
          }
        }
      }
      // Injected faults and quota rejections: every call that answered a transient code.
      long faults = sim.calls().calls().stream()
          .filter(c -> TRANSIENT.stream().anyMatch(code -> code.name().equals(c.status()))).count();
      long calls = sim.calls().calls().size();
      return new Run(expected, wrong, parked, stuck, duplicateBuilds, duplicateRevisions, wrongTraffic, makespan,
          finished == 0 ? 0 : totalMillis / finished, largest, restarts, faults, calls,
          (System.nanoTime() - wallStart) / 1_000_000, problems);
    } finally {
      if (activities != null) {
        activities.shutdownNow();
      }
      env.close();
      clients.close();
      sim.close();
    }
  }

  /** Every fifth release (3, 8, 13, …) ships an image with 20% 5xx. */
  static boolean bad(int index) {
    return index % 5 == 3;
  }

  private static TrafficMap traffic(Simulator sim, ServiceRef ref) {
    return TrafficMapper.fromProto(sim.cloudRun().service(ref.resourceName()).orElseThrow().getTrafficList());
  }

  /** A fresh factory of activity workers (the release's task queues), started: what a restart brings up. */
  private static WorkerFactory startActivityWorkers(WorkflowClient client, GoogleClients clients) {
    WorkerFactory factory = WorkerFactory.newInstance(client);
    factory.newWorker(TaskQueues.DEPLOY).registerActivitiesImplementations(
        new CloudRunActivities(clients), new ArtifactRegistryImageRegistry(clients));
    factory.newWorker(TaskQueues.VERIFY).registerActivitiesImplementations(
        new MonitoringActivities(clients), new HttpSmokeTester());
    factory.newWorker(TaskQueues.BUILD).registerActivitiesImplementations(new CloudBuildActivities(clients));
    factory.start();
    return factory;
  }

  /** The benchmark starts each release on its own (no service entity), one workflow per release id. */
  private static WorkflowOptions releaseOptions(ReleaseRequest request) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(releaseWorkflowId(request))
        .setTaskQueue(TaskQueues.WORKFLOWS)
        .build();
  }

  private static String releaseWorkflowId(ReleaseRequest request) {
    return "chaos-release-" + request.releaseId();
  }
}
