package dev.runshift.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runshift.policy.PolicyBuilder;
import dev.runshift.policy.RolloutPolicy;
import dev.runshift.ports.BuildSpec;
import dev.runshift.ports.CloudRun;
import dev.runshift.ports.DeployRequest;
import dev.runshift.ports.Deployment;
import dev.runshift.ports.KnownVisibility;
import dev.runshift.ports.PromoteRequest;
import dev.runshift.ports.RollbackRequest;
import dev.runshift.ports.ServiceRef;
import dev.runshift.ports.ServiceSnapshot;
import dev.runshift.ports.ShiftRequest;
import dev.runshift.ports.TaskQueues;
import dev.runshift.release.Command;
import dev.runshift.release.Phase;
import dev.runshift.release.ReleaseWorkflow;
import dev.runshift.traffic.TrafficMap;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The service entity on Temporal's time-skipping test server, with a journaling fake release. Waits go
 * through {@link EntityWaits}: none depends on how much real time passes, and each fails after a bounded
 * real time instead of hanging.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ServiceWorkflowTest {
  static final ServiceRef SERVICE = new ServiceRef("acme", "europe-west1", "checkout");
  static final String REPO = "europe-west1-docker.pkg.dev/acme/apps/checkout";

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private FakeReleaseLog journal;
  private EntityWaits waits;
  private final AtomicInteger describeCalls = new AtomicInteger();
  private volatile String cloudRunServingImage = image('0');

  @BeforeEach
  void setUp() {
    journal = new FakeReleaseLog();
    env = TestWorkflowEnvironment.newInstance();
    Worker workflows = env.newWorker(TaskQueues.WORKFLOWS);
    workflows.registerWorkflowImplementationTypes(ServiceWorkflowImpl.class);
    workflows.registerActivitiesImplementations(new KnownVisibility(false));
    workflows.registerWorkflowImplementationFactory(
        ReleaseWorkflow.class, () -> new FakeReleaseWorkflow(journal));
    Worker deploy = env.newWorker(TaskQueues.DEPLOY);
    deploy.registerActivitiesImplementations(new DescribeOnlyCloudRun());
    env.start();
    client = env.getWorkflowClient();
    waits = new EntityWaits(env, client, SERVICE, () -> "journal: " + journal);
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  @Test
  void twoRequestsRunOneAtATimeAndTheirTrafficChangesNeverInterleave() {
    submit(settings(), request(image('a'), "k-a"));
    // Had both arrived before the entity started the first, only the newest would run (newest wins).
    awaitStarted(1);
    submit(settings(), request(image('b'), "k-b"));
    assertEquals(image('b'), status().queued().image());

    awaitHistory(2);

    assertEquals(List.of(image('a'), image('b')), journal.startedImages());
    assertEquals(1, journal.maxConcurrent(), "releases overlapped: " + journal);
    List<String> order = journal.entries(e -> !e.kind().equals("signal")).stream()
        .map(FakeReleaseLog.Entry::releaseId).toList();
    String first = order.get(0);
    int lastOfFirst = order.lastIndexOf(first);
    assertTrue(order.subList(lastOfFirst + 1, order.size()).stream().noneMatch(first::equals));
    assertTrue(order.subList(0, lastOfFirst).stream().allMatch(first::equals),
        "second release acted before the first ended: " + journal);
    ServiceStatus status = status();
    assertEquals(List.of(Phase.PROMOTED, Phase.PROMOTED), phases(status));
    assertEquals(image('b'), status.servingImage());
    assertNull(status.current());
  }

  @Test
  void newestRequestWinsWhileOneRuns() {
    submit(settings(), request(image('a'), "k-a"));
    awaitStarted(1);

    submit(settings(), request(image('b'), "k-b"));
    submit(settings(), request(image('c'), "k-c"));
    submit(settings(), request(image('d'), "k-d"));
    ServiceStatus waiting = status();
    assertEquals(image('a'), waiting.current().image());
    assertEquals(image('d'), waiting.queued().image());

    awaitHistory(2);
    settle();

    assertEquals(List.of(image('a'), image('d')), journal.startedImages());
    ServiceStatus status = status();
    assertEquals(List.of(Phase.PROMOTED, Phase.PROMOTED), phases(status));
    assertEquals(List.of(image('b'), image('c')), ignoredImages(status, "superseded"));
    assertEquals(2, status.releasesStarted());
  }

  @Test
  void abortCurrentModeAbortsTheRunningReleaseForTheNewest() {
    submit(settings(), request(image('a'), "k-a"));
    awaitStarted(1);
    String first = journal.started().get(0);

    submit(settings(), request(image('b'), "k-b").withMode(QueueMode.ABORT_CURRENT));

    awaitHistory(2);
    ServiceStatus status = status();
    assertEquals(List.of(Phase.ABORTED, Phase.PROMOTED), phases(status));
    assertEquals(List.of(image('a'), image('b')), journal.startedImages());
    List<String> signals = journal.signals(first);
    assertEquals(1, signals.size(), signals.toString());
    assertTrue(signals.get(0).startsWith("abort:superseded"), signals.toString());
    assertEquals(1, journal.maxConcurrent());
    assertEquals(image('b'), status.servingImage());
  }

  @Test
  void abortCurrentAsTheServiceDefault() {
    ServiceSettings abortByDefault = settings().withDefaultMode(QueueMode.ABORT_CURRENT);
    submit(abortByDefault, request(image('a'), "k-a"));
    awaitStarted(1);
    submit(abortByDefault, request(image('b'), "k-b"));
    awaitHistory(2);
    assertEquals(List.of(Phase.ABORTED, Phase.PROMOTED), phases(status()));
  }

  @Test
  void requestForTheServedDigestIsIgnored() {
    submit(settings(), request(image('a'), "k-a"));
    awaitHistory(1);

    submit(settings(), request(image('a'), "k-a-again"));
    settle();

    assertEquals(1, journal.started().size());
    ServiceStatus status = status();
    assertEquals(1, status.history().size());
    assertEquals(List.of(image('a')), ignoredImages(status, "already serves"));
  }

  @Test
  void servedDigestIsLearnedFromCloudRunAtFirstStart() {
    cloudRunServingImage = image('s');
    ServiceSettings learn = settings().withLearnServingImage(true);

    submit(learn, request(image('s'), "k-s"));
    settle();
    assertEquals(List.of(), journal.startedImages());
    submit(learn, request(image('t'), "k-t"));
    awaitHistory(1);

    assertEquals(1, describeCalls.get());
    assertEquals(List.of(image('t')), journal.startedImages());
    assertEquals(List.of(image('s')), ignoredImages(status(), "already serves"));
  }

  @Test
  void duplicateDedupeKeyIsIgnoredWhileRunningAndAfterwards() {
    submit(settings(), request(image('a'), "build-1:checkout"));
    awaitStarted(1);
    submit(settings(), request(image('a'), "build-1:checkout")); // redelivered while running
    awaitHistory(1);
    submit(settings(), request(image('b'), "build-1:checkout")); // same key, even with another image
    settle();

    assertEquals(List.of(image('a')), journal.startedImages());
    ServiceStatus status = status();
    assertEquals(2, ignoredImages(status, "duplicate").size(), status.ignored().toString());
  }

  @Test
  void controlsAreForwardedToTheRunningReleaseAndIgnoredWhenIdle() {
    submit(settings(), request(image('a'), "k-a"));
    awaitStarted(1);
    String releaseId = journal.started().get(0);

    ServiceReleases.control(client, SERVICE, new Command(Command.Action.PAUSE, "look at logs", "ops"));
    ServiceReleases.control(client, SERVICE, new Command(Command.Action.APPROVE, "ok", "ops"));
    ServiceReleases.control(client, SERVICE, new Command(Command.Action.RESUME, "fine", "ops"));
    ServiceReleases.control(client, SERVICE, new Command(Command.Action.PROMOTE, "ship it", "ops"));
    awaitHistory(1);

    assertEquals(
        List.of("pause:look at logs", "approve:ok", "resume:fine", "promote:ship it"),
        journal.signals(releaseId));
    ServiceStatus afterRelease = status();
    assertEquals(Phase.PROMOTED, afterRelease.history().get(0).phase());
    assertEquals("promoted by operator", afterRelease.history().get(0).reason());

    ServiceReleases.control(client, SERVICE, new Command(Command.Action.ABORT, "too late", "ops"));
    settle();
    List<IgnoredEvent> ignored = status().ignored();
    assertEquals(1, ignored.size(), ignored.toString());
    assertEquals("abort", ignored.get(0).kind());
    assertTrue(ignored.get(0).reason().contains("no release is running"), ignored.toString());
    assertEquals(4, journal.signals(releaseId).size());
  }

  @Test
  void statusNamesTheRunningReleaseWorkflowSoItCanBeQueriedDirectly() {
    submit(settings(), request(image('a'), "k-a"));
    awaitStarted(1);
    CurrentRelease current = status().current();
    assertEquals(image('a'), current.image());
    assertEquals(ServiceIds.releaseWorkflowId(ServiceIds.entityId(SERVICE), current.releaseId()),
        current.workflowId());
    ReleaseWorkflow release = client.newWorkflowStub(ReleaseWorkflow.class, current.workflowId());
    assertEquals(Phase.SHIFTING, release.status().phase());
  }

  @Test
  void aFailedReleaseIsRecordedAndTheServiceCarriesOn() {
    submit(settings(), request(image('c', "crash"), "k-crash"));
    awaitHistory(1);
    submit(settings(), request(image('b'), "k-b"));
    awaitHistory(2);

    ServiceStatus status = status();
    assertNull(status.history().get(0).phase());
    assertTrue(status.history().get(0).reason().contains("release workflow failed"));
    assertEquals(Phase.PROMOTED, status.history().get(1).phase());
    assertEquals(image('b'), status.servingImage());
  }

  @Test
  void aRolledBackReleaseDoesNotChangeTheServedImage() {
    submit(settings(), request(image('a'), "k-a"));
    awaitHistory(1);
    submit(settings(), request(image('u', "unhealthy"), "k-u"));
    awaitHistory(2);
    ServiceStatus status = status();
    assertEquals(Phase.ROLLED_BACK, status.history().get(1).phase());
    assertEquals(image('a'), status.servingImage());
  }

  @Test
  void invalidRequestsAreRecordedNotFatal() {
    submit(settings(), new ReleaseSubmission(null, null, null, null, "cli", null, "me", null));
    submit(settings(), new ReleaseSubmission(image('a'), new BuildSpec("gs://b/s.tgz", REPO, null, null),
        null, null, "cli", null, "me", null));
    submit(settings(), request(image('b'), "k-b"));
    awaitHistory(1);
    ServiceStatus status = status();
    assertEquals(List.of(image('b')), journal.startedImages());
    assertEquals(2, status.ignored().size(), status.ignored().toString());
  }

  @Test
  void buildRequestsAreReleasedToo() {
    submit(settings(), new ReleaseSubmission(null, new BuildSpec("gs://b/s.tgz", REPO, null, null),
        null, null, "cli", "src-1", "me", null));
    awaitHistory(1);
    assertEquals(List.of(REPO + "@built"), journal.startedImages());
    assertEquals(REPO + "@built", status().servingImage());
  }

  @Test
  void continuesAsNewBetweenReleasesWithoutLosingAnything() throws Exception {
    ServiceSettings rollEvery2 = settings().withMaxReleasesPerRun(2);
    WorkflowExecution firstRun = submit(rollEvery2, request(image('1'), "k-1"));
    awaitHistory(1);
    submit(rollEvery2, request(image('2'), "k-2"));
    awaitStarted(2);
    // Queued while the run's last release is running: must survive the continue-as-new.
    submit(rollEvery2, request(image('3'), "k-3"));
    // The entity is queried only after it has handled each release, never while it continues as new
    // (that locks time skipping on the test server: see EntityWaits).
    awaitHistory(3);
    for (char c : new char[] {'4', '5', '6'}) {
      submit(rollEvery2, request(image(c), "k-" + c));
      int expected = status().history().size() + 1;
      awaitHistory(expected);
    }
    // Dedupe keys from every earlier run are still known.
    submit(rollEvery2, request(image('x'), "k-1"));
    submit(rollEvery2, request(image('y'), "k-3"));
    settle();

    ServiceStatus status = status();
    assertEquals(
        List.of(image('1'), image('2'), image('3'), image('4'), image('5'), image('6')),
        status.history().stream().map(ReleaseRecord::image).toList());
    assertEquals(journal.startedImages(), status.history().stream().map(ReleaseRecord::image).toList());
    assertEquals(6, status.releasesStarted());
    assertTrue(status.generation() >= 2, "generation " + status.generation());
    assertEquals(2, ignoredImages(status, "duplicate").size(), status.ignored().toString());
    assertEquals(image('6'), status.servingImage());
    String latestRun =
        client.newUntypedWorkflowStub(ServiceIds.entityId(SERVICE)).describe().getExecution().getRunId();
    assertNotEquals(firstRun.getRunId(), latestRun);

    // The first run's history (closed by continue-as-new) replays deterministically.
    WorkflowExecutionHistory history = client.fetchHistory(ServiceIds.entityId(SERVICE), firstRun.getRunId());
    WorkflowReplayer.replayWorkflowExecution(history, ServiceWorkflowImpl.class);
  }

  // ---- helpers ---------------------------------------------------------------------------------

  static String image(char c) {
    return REPO + "@sha256:" + String.valueOf(c).repeat(64);
  }

  static String image(char c, String marker) {
    return REPO + "-" + marker + "@sha256:" + String.valueOf(c).repeat(64);
  }

  /** Two steps with a one-minute soak: a release takes two minutes of workflow time. */
  static RolloutPolicy quickPolicy() {
    return PolicyBuilder.defaults()
        .steps(25, 100)
        .soak(Duration.ofMinutes(1))
        .analysisInterval(Duration.ofSeconds(30))
        .raw();
  }

  static ServiceSettings settings() {
    return ServiceSettings.defaults().withLearnServingImage(false).withDefaultPolicy(quickPolicy());
  }

  static ReleaseSubmission request(String image, String dedupeKey) {
    return ReleaseSubmission.ofImage(image, "test", dedupeKey, "tester");
  }

  private WorkflowExecution submit(ServiceSettings settings, ReleaseSubmission request) {
    return ServiceReleases.submit(client, SERVICE, settings, request);
  }

  private ServiceStatus status() {
    return ServiceReleases.status(client, SERVICE);
  }

  private static List<Phase> phases(ServiceStatus status) {
    return status.history().stream().map(ReleaseRecord::phase).toList();
  }

  private static List<String> ignoredImages(ServiceStatus status, String reasonFragment) {
    return status.ignored().stream()
        .filter(e -> e.reason().contains(reasonFragment))
        .map(IgnoredEvent::image)
        .toList();
  }

  /**
   * Lets workflow time skip until {@code releases} releases have ended and the entity has recorded them
   * (and continued as new, if that was due).
   */
  private void awaitHistory(int releases) {
    waits.awaitReleasesHandled(releases);
  }

  /** Waits, without letting workflow time pass, until the fake has started {@code releases} releases. */
  private void awaitStarted(int releases) {
    waits.awaitWithoutTime(() -> journal.started().size() >= releases, releases + " releases started");
  }

  /** Lets the entity handle what was sent (and any release it would wrongly start) before asserting. */
  private void settle() {
    waits.letTimePass(Duration.ofMinutes(10));
  }

  /** Answers {@code describe} with a configurable serving image; a release never gets this far here. */
  private class DescribeOnlyCloudRun implements CloudRun {
    @Override
    public ServiceSnapshot describe(ServiceRef service) {
      describeCalls.incrementAndGet();
      return new ServiceSnapshot(service, "etag", TrafficMap.of(), "rev-1", cloudRunServingImage, Map.of());
    }

    @Override
    public List<ServiceSnapshot> listServices(String project, String region) {
      throw new UnsupportedOperationException("not used by the service entity");
    }

    @Override
    public Deployment deployNoTraffic(DeployRequest request) {
      throw new UnsupportedOperationException("not used by the service entity");
    }

    @Override
    public TrafficMap shiftTraffic(ShiftRequest request) {
      throw new UnsupportedOperationException("not used by the service entity");
    }

    @Override
    public TrafficMap rollback(RollbackRequest request) {
      throw new UnsupportedOperationException("not used by the service entity");
    }

    @Override
    public TrafficMap promote(PromoteRequest request) {
      throw new UnsupportedOperationException("not used by the service entity");
    }
  }
}
