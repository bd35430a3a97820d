package dev.runshift.bench;

import dev.runshift.activities.cloudbuild.CloudBuildActivities;
import dev.runshift.activities.google.GoogleClients;
import dev.runshift.activities.google.GoogleClientsConfig;
import dev.runshift.activities.google.LroPolling;
import dev.runshift.activities.metrics.MonitoringActivities;
import dev.runshift.activities.registry.ArtifactRegistryImageRegistry;
import dev.runshift.activities.run.CloudRunActivities;
import dev.runshift.activities.smoke.HttpSmokeTester;
import dev.runshift.fleet.FleetRequest;
import dev.runshift.fleet.FleetSelector;
import dev.runshift.fleet.FleetStatus;
import dev.runshift.fleet.FleetWorkflowImpl;
import dev.runshift.fleet.FleetWorkflows;
import dev.runshift.fleet.ServiceOutcome;
import dev.runshift.activities.fleet.TemporalFleetSubmitter;
import dev.runshift.policy.PolicyBuilder;
import dev.runshift.policy.RolloutPolicy;
import dev.runshift.ports.KnownVisibility;
import dev.runshift.ports.ServiceRef;
import dev.runshift.ports.TaskQueues;
import dev.runshift.release.ReleaseWorkflowImpl;
import dev.runshift.service.ReleaseRecord;
import dev.runshift.service.ServiceIds;
import dev.runshift.service.ServiceReleases;
import dev.runshift.service.ServiceSettings;
import dev.runshift.service.ServiceWorkflowImpl;
import dev.runshift.simulator.Simulator;
import dev.runshift.simulator.core.ApiCall;
import dev.runshift.simulator.core.SimClock;
import dev.runshift.simulator.core.SimConfig;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fleet redeploy of N simulated services, end to end: Temporal's time-skipping test server, the
 * simulator on the test server's clock with its Cloud Run write quota on, the real workflows and the
 * real activities over the Google clients. Measures, does not assert: a benchmark, not a test.
 */
public final class FleetBenchmark {
  public static final String PROJECT = "bench";
  static final String REPO = "us-docker.pkg.dev/bench/apps/api";
  static final String OLD = REPO + "@sha256:" + "0".repeat(64);
  static final String NEW = REPO + "@sha256:" + "1".repeat(64);

  /**
   * @param writeQuota Cloud Run writes per minute per region in the simulator (and what the fleet paces to)
   */
  public record Options(int services, int regions, int writeQuota, int maxInFlight, int failureBudget) {}

  /** What one run measured. */
  public record Result(
      Options options,
      FleetStatus status,
      long simulatedMillis,
      long wallMillis,
      long cloudRunWrites,
      long cloudRunWritesRejected,
      long cloudRunReads,
      long operationPolls,
      long monitoringReads,
      double lowerBoundMinutes,
      long heapPeakBytes,
      long largestHistory,
      String largestHistoryOf,
      long fleetRuns) {

    public String report() {
      double simMinutes = simulatedMillis / 60_000.0;
      return String.join("\n",
          "fleet benchmark: " + options.services() + " services in " + options.regions() + " region(s), write quota "
              + options.writeQuota() + "/min/region, max in flight " + options.maxInFlight(),
          "  outcome            " + status.phase() + "  " + status.counts() + ", untouched " + status.untouched(),
          "  services done      " + (status.count(ServiceOutcome.PROMOTED) + status.count(ServiceOutcome.UNCHANGED))
              + ", failed " + status.count(ServiceOutcome.FAILED),
          String.format("  simulated time     %.1f min", simMinutes),
          String.format("  wall time          %.1f s", wallMillis / 1000.0),
          "  Cloud Run writes   " + cloudRunWrites + " accepted, " + cloudRunWritesRejected
              + " rejected by the quota (RESOURCE_EXHAUSTED)",
          "  Cloud Run reads    " + cloudRunReads + " (+ " + operationPolls + " operation polls); Monitoring reads "
              + monitoringReads,
          String.format("  quota lower bound  %.1f min (%d writes / %d per min / %d region(s)); achieved %.2fx it",
              lowerBoundMinutes, cloudRunWrites, options.writeQuota(), options.regions(),
              lowerBoundMinutes == 0 ? 0 : simMinutes / lowerBoundMinutes),
          String.format("  worker heap peak   %.0f MiB", heapPeakBytes / (1024.0 * 1024.0)),
          "  largest history    " + largestHistory + " events (" + largestHistoryOf + "); fleet runs "
              + fleetRuns + " (continue-as-new chain)");
    }
  }

  private FleetBenchmark() {}

  /** A short policy: 50% then 100%, 2-minute soak, 1-minute analysis: 4 Cloud Run writes per release. */
  static RolloutPolicy policy() {
    return PolicyBuilder.defaults()
        .steps(50, 100)
        .soak(Duration.ofMinutes(2))
        .analysisInterval(Duration.ofMinutes(1))
        .minRequests(20)
        .maxWaitForTraffic(Duration.ofMinutes(10))
        .build();
  }

  public static Result run(Options o) throws Exception {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
    AtomicLong heapPeak = new AtomicLong();
    Thread sampler = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        heapPeak.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "heap-sampler");
    sampler.setDaemon(true);
    sampler.start();

    TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
    Simulator sim = Simulator.start(
        SimConfig.defaults().withRevisionReadyDelay(Duration.ZERO), SimClock.ofMillis(env::currentTimeMillis));
    LroPolling fast = new LroPolling(Duration.ofMillis(50), 1.5, Duration.ofMillis(500));
    GoogleClients clients = GoogleClients.create(
        GoogleClientsConfig.google().withEndpoint(sim.endpoint()).withPolling(fast, fast)
            .withHeartbeatEvery(Duration.ofMillis(500)));
    try {
      WorkflowClient client = env.getWorkflowClient();
      ServiceSettings entities = ServiceSettings.defaults().withDefaultPolicy(policy());
      var workflows = env.newWorker(TaskQueues.WORKFLOWS);
      workflows.registerWorkflowImplementationTypes(
          FleetWorkflowImpl.class, ServiceWorkflowImpl.class, ReleaseWorkflowImpl.class);
      workflows.registerActivitiesImplementations(new TemporalFleetSubmitter(client, entities), new KnownVisibility(false));
      env.newWorker(TaskQueues.DEPLOY).registerActivitiesImplementations(
          new CloudRunActivities(clients), new ArtifactRegistryImageRegistry(clients));
      env.newWorker(TaskQueues.VERIFY).registerActivitiesImplementations(
          new MonitoringActivities(clients), new HttpSmokeTester());
      env.newWorker(TaskQueues.BUILD).registerActivitiesImplementations(new CloudBuildActivities(clients));
      env.start();

      List<String> regions = new ArrayList<>();
      for (int r = 0; r < o.regions(); r++) {
        regions.add(List.of("us-central1", "europe-west1", "asia-east1", "us-east1").get(r % 4) + (r >= 4 ? r : ""));
      }
      List<ServiceRef> services = new ArrayList<>();
      for (int i = 0; i < o.services(); i++) {
        ServiceRef ref = new ServiceRef(PROJECT, regions.get(i % regions.size()), String.format("svc-%04d", i));
        sim.cloudRun().createService(ref.project(), ref.region(), ref.service(), OLD);
        sim.cloudRun().setRequestRate(ref.resourceName(), 20);
        services.add(ref);
      }
      for (String region : regions) {
        sim.cloudRun().setWriteQuota(region, o.writeQuota());
      }
      sim.calls().clear();

      FleetRequest request = new FleetRequest(
          new FleetSelector(List.of(PROJECT), regions, Map.of(), REPO), NEW, List.of("1", "5%", "25%", "100%"),
          o.maxInFlight(), o.failureBudget(), null, policy(), null, false, o.writeQuota(), 0, 100, "bench");
      long simStart = env.currentTimeMillis();
      long wallStart = System.nanoTime();
      String fleetId = "bench-" + o.services();
      FleetWorkflows.start(client, FleetWorkflows.options(fleetId), request);
      FleetStatus status =
          WorkflowStub.fromTyped(FleetWorkflows.stub(client, fleetId)).getResult(FleetStatus.class);
      long wallMillis = (System.nanoTime() - wallStart) / 1_000_000;
      long simMillis = env.currentTimeMillis() - simStart;

      List<ApiCall> calls = sim.calls().calls();
      long writes = calls.stream().filter(c -> isCloudRun(c) && c.isWrite() && c.status().equals("OK")).count();
      long rejected = calls.stream()
          .filter(c -> isCloudRun(c) && c.isWrite() && c.status().equals("RESOURCE_EXHAUSTED")).count();
      long reads = calls.stream().filter(c -> isCloudRun(c) && !c.isWrite()).count();
      long polls = calls.stream().filter(c -> c.method().startsWith("google.longrunning.")).count();
      long monitoring = calls.stream().filter(c -> c.method().startsWith("google.monitoring.")).count();
      double lowerBound = (double) writes / o.writeQuota() / o.regions();

      // Largest history: the fleet's continue-as-new chain, every entity, every release.
      long largest = 0;
      String largestOf = "";
      long fleetRuns = 0;
      WorkflowExecutionHistory h = client.fetchHistory(FleetWorkflows.workflowId(fleetId));
      while (h != null) {
        fleetRuns++;
        if (h.getEvents().size() > largest) {
          largest = h.getEvents().size();
          largestOf = "fleet run " + fleetRuns + " from the end";
        }
        HistoryEvent first = h.getEvents().get(0);
        String previous = first.getWorkflowExecutionStartedEventAttributes().getContinuedExecutionRunId();
        h = previous.isEmpty() ? null : client.fetchHistory(FleetWorkflows.workflowId(fleetId), previous);
      }
      for (ServiceRef s : services) {
        String entityId = ServiceIds.entityId(s);
        WorkflowExecutionHistory eh = client.fetchHistory(entityId);
        if (eh.getEvents().size() > largest) {
          largest = eh.getEvents().size();
          largestOf = "service entity " + s;
        }
        for (ReleaseRecord r : ServiceReleases.status(client, s).history()) {
          WorkflowExecutionHistory rh = client.fetchHistory(r.workflowId());
          if (rh.getEvents().size() > largest) {
            largest = rh.getEvents().size();
            largestOf = "release " + r.workflowId();
          }
        }
      }
      sampler.interrupt();
      return new Result(o, status, simMillis, wallMillis, writes, rejected, reads, polls, monitoring, lowerBound,
          heapPeak.get(), largest, largestOf, fleetRuns);
    } finally {
      sampler.interrupt();
      env.close();
      clients.close();
      sim.close();
    }
  }

  private static boolean isCloudRun(ApiCall c) {
    return c.method().startsWith("google.cloud.run.");
  }

}
