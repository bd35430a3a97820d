package dev.runshift.cli;

import static dev.runshift.testing.Releases.REPOSITORY;
import static dev.runshift.testing.Releases.SERVICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runshift.policy.RolloutPolicy;
import dev.runshift.release.Command;
import dev.runshift.release.Phase;
import dev.runshift.release.ReleaseStatus;
import dev.runshift.release.ReleaseWorkflow;
import dev.runshift.service.ReleaseSubmission;
import dev.runshift.service.ServiceReleases;
import dev.runshift.service.ServiceSettings;
import dev.runshift.service.EntityHarness;
import dev.runshift.testing.FakeBuildService;
import dev.runshift.testing.FakeCloudRun;
import dev.runshift.testing.FakeMetricsSource;
import dev.runshift.testing.FakeMetricsSource.Signals;
import dev.runshift.policy.PolicyBuilder;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code deploy --wait} and {@code status --watch} follow a request and its release through the service
 * entity and the real release workflow, on Temporal's time-skipping test environment: the follower's
 * clock and sleep are workflow time, so timeouts and soaks cost no wall-clock time.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class FollowerTest {
  /** Two steps of 2 minutes, judged every minute by the threshold rule (fixed step timings). */
  static final RolloutPolicy POLICY = PolicyBuilder.threshold().steps(50, 100).soak(Duration.ofMinutes(2))
      .analysisInterval(Duration.ofMinutes(1)).minRequests(10).build();
  static final String V2 = FakeBuildService.imageFor(REPOSITORY, "v2");
  static final String V3 = FakeBuildService.imageFor(REPOSITORY, "v3");
  static final String V4 = FakeBuildService.imageFor(REPOSITORY, "v4");
  static final Duration POLL = Duration.ofSeconds(30);

  private EntityHarness t;
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private FakeCloudRun cloudRun;
  private FakeMetricsSource metrics;
  private final StringWriter out = new StringWriter();
  private Pacer workflowTime;

  @BeforeEach
  void setUp() {
    t = new EntityHarness(false);
    env = t.env;
    client = t.client;
    cloudRun = t.cloudRun;
    metrics = t.metrics;
    workflowTime = new Pacer() {
      @Override
      public long nowMillis() {
        return env.currentTimeMillis();
      }

      @Override
      public void sleep(Duration duration) {
        env.sleep(duration);
      }
    };
  }

  @AfterEach
  void tearDown() {
    t.close();
  }

  @Test
  void aHealthyReleaseIsFollowedLineByLineToPromotedAndExitsZero() throws Exception {
    submit(V2, "k-v2", POLICY);
    OutcomeExit exit = waitFor(follower(), "k-v2", V2, Long.MAX_VALUE);

    assertEquals(OutcomeExit.PROMOTED, exit, out.toString());
    assertEquals(0, exit.code());
    List<String> lines = out.toString().lines().toList();
    assertTrue(lines.get(0).startsWith("following release "), out.toString());
    assertTrue(lines.get(lines.size() - 1).startsWith("promoted "), out.toString());
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("[##########..........]  50%  VERIFYING")), out.toString());
    assertTrue(lines.stream().anyMatch(l -> l.contains(": promoted")), "decisions are lines: " + out);
    for (int i = 1; i < lines.size(); i++) {
      assertNotEquals(lines.get(i - 1), lines.get(i), "one line per change, never the same twice: " + out);
    }
  }

  @Test
  void anUnhealthyCandidateExitsRolledBack() throws Exception {
    metrics.candidate((percent, start, end) -> Signals.errors(0.2));
    submit(V2, "k-v2", POLICY);

    OutcomeExit exit = waitFor(follower(), "k-v2", V2, Long.MAX_VALUE);

    assertEquals(OutcomeExit.ROLLED_BACK, exit, out.toString());
    assertEquals(3, exit.code());
    assertTrue(lastLine().startsWith("rolled back "), out.toString());
  }

  @Test
  void aReleaseWaitingForAnOperatorEndsTheWaitInsteadOfHanging() throws Exception {
    cloudRun.denyDeploys();
    submit(V2, "k-v2", POLICY);

    OutcomeExit exit = waitFor(follower(), "k-v2", V2, Long.MAX_VALUE);

    assertEquals(OutcomeExit.AWAITING_OPERATOR, exit, out.toString());
    assertEquals(5, exit.code());
    assertTrue(lastLine().startsWith("waiting for an operator: deploy failed"), out.toString());
    assertTrue(lastLine().contains("runshift retry|skip|abort checkout"), out.toString());
  }

  @Test
  void theTimeoutIsWorkflowTimeAndLeavesTheReleaseRunning() throws Exception {
    submit(V2, "k-v2", PolicyBuilder.from(POLICY).soak(Duration.ofHours(1)).build());
    Follower follower = follower();
    long start = env.currentTimeMillis();

    OutcomeExit exit = waitFor(follower, "k-v2", V2, follower.deadline(Duration.ofMinutes(10)));

    assertEquals(OutcomeExit.TIMED_OUT, exit, out.toString());
    assertEquals(6, exit.code());
    long waited = env.currentTimeMillis() - start;
    assertTrue(waited >= Duration.ofMinutes(10).toMillis() && waited < Duration.ofMinutes(12).toMillis(),
        "waited " + waited + " ms of workflow time");
    assertTrue(lastLine().startsWith("timed out: the release is still VERIFYING; it keeps running"), out.toString());
    assertEquals(Phase.VERIFYING, runningRelease().status().phase());
  }

  @Test
  void anOperatorAbortWhileFollowingExitsAborted() throws Exception {
    submit(V2, "k-v2", POLICY);
    OutcomeExit exit = waitFor(follower(status -> {
      if (status.phase() == Phase.VERIFYING) {
        ServiceReleases.control(client, SERVICE, new Command(Command.Action.ABORT, "bad idea", "cli:tester"));
      }
    }), "k-v2", V2, Long.MAX_VALUE);

    assertEquals(OutcomeExit.ABORTED, exit, out.toString());
    assertEquals(4, exit.code());
  }

  @Test
  void aTerminatedReleaseWorkflowExitsFailed() throws Exception {
    submit(V2, "k-v2", POLICY);
    OutcomeExit exit = waitFor(follower(status -> {
      if (status.phase() == Phase.VERIFYING) {
        WorkflowStub.fromTyped(runningRelease()).terminate("operator pulled the plug");
      }
    }), "k-v2", V2, Long.MAX_VALUE);

    assertEquals(OutcomeExit.FAILED, exit, out.toString());
    assertEquals(8, exit.code());
    assertTrue(lastLine().startsWith("failed: the release workflow ended without an outcome"), out.toString());
  }

  @Test
  void theImageTheServiceServesIsIgnoredAtOnceWithTheEntitysReason() throws Exception {
    String serving = cloudRun.servingImage(SERVICE);
    submit(serving, "k-same", POLICY);
    Follower follower = follower();

    SubmissionFate fate = follower.settle(SERVICE, "k-same", serving, follower.deadline(Duration.ofSeconds(10)));

    SubmissionFate.Ignored ignored = assertInstanceOf(SubmissionFate.Ignored.class, fate);
    assertEquals("service already serves this image", ignored.reason());
    assertEquals(OutcomeExit.IGNORED, follower.request(SERVICE, "k-same", serving, fate, Long.MAX_VALUE));
    assertEquals("", out.toString(), "the deploy command has said it already");
    assertEquals(7, OutcomeExit.IGNORED.code());
  }

  @Test
  void aQueuedRequestSupersededByANewerOneExitsIgnored() throws Exception {
    submit(V2, "k-v2", PolicyBuilder.from(POLICY).soak(Duration.ofHours(1)).build());
    Follower follower = follower();
    assertInstanceOf(SubmissionFate.Started.class,
        follower.settle(SERVICE, "k-v2", V2, follower.deadline(Duration.ofSeconds(10))));
    submit(V3, "k-v3", POLICY);
    SubmissionFate.Queued queued = assertInstanceOf(SubmissionFate.Queued.class,
        follower.settle(SERVICE, "k-v3", V3, follower.deadline(Duration.ofSeconds(10))));
    assertEquals(V2, queued.behind().image());

    OutcomeExit exit = follower(status -> {}, () -> submit(V4, "k-v4", POLICY))
        .request(SERVICE, "k-v3", V3, queued, Long.MAX_VALUE);

    assertEquals(OutcomeExit.IGNORED, exit, out.toString());
    assertTrue(out.toString().contains("queued behind release " + queued.behind().releaseId()), out.toString());
    assertTrue(lastLine().startsWith("ignored: superseded by a newer request"), out.toString());
  }

  @Test
  void waitingOnAnImageAlreadyQueuedFollowsThatRequestToItsOutcome() throws Exception {
    submit(V2, "k-v2", POLICY);
    Follower follower = follower();
    assertInstanceOf(SubmissionFate.Started.class,
        follower.settle(SERVICE, "k-v2", V2, follower.deadline(Duration.ofSeconds(10))));
    submit(V3, "k-v3", POLICY);
    submit(V3, "k-v3-again", POLICY);
    SubmissionFate.Ignored ignored = assertInstanceOf(SubmissionFate.Ignored.class,
        follower.settle(SERVICE, "k-v3-again", V3, follower.deadline(Duration.ofSeconds(10))));
    assertEquals("image is already queued", ignored.reason());

    OutcomeExit exit = follower.request(SERVICE, "k-v3-again", V3, ignored, Long.MAX_VALUE);

    assertEquals(OutcomeExit.PROMOTED, exit, out.toString());
    List<String> lines = out.toString().lines().toList();
    assertEquals("following the request already queued for this image", lines.get(0), out.toString());
    assertTrue(lines.get(1).startsWith("queued behind release r1-"), out.toString());
    assertTrue(lines.get(2).startsWith("following release r2-"), out.toString());
    assertEquals(V3, ServiceReleases.status(client, SERVICE).servingImage());
  }

  @Test
  void watchingKeepsGoingThroughAWaitForAnOperatorUntilTheReleaseEnds() throws Exception {
    cloudRun.denyDeploys();
    submit(V2, "k-v2", POLICY);
    Follower follower = follower();
    SubmissionFate.Started started = assertInstanceOf(SubmissionFate.Started.class,
        follower.settle(SERVICE, "k-v2", V2, follower.deadline(Duration.ofSeconds(10))));

    OutcomeExit exit = follower(status -> {
      if (status.phase() == Phase.AWAITING_OPERATOR) {
        cloudRun.grant();
        ServiceReleases.control(client, SERVICE, new Command(Command.Action.RETRY, "granted", "cli:tester"));
      }
    }).release(started.workflowId(), Long.MAX_VALUE, false);

    assertEquals(OutcomeExit.PROMOTED, exit, out.toString());
    assertTrue(out.toString().contains("AWAITING_OPERATOR"), out.toString());
  }

  // ---- helpers -------------------------------------------------------------------------------

  private void submit(String image, String key, RolloutPolicy policy) {
    ServiceReleases.submit(client, SERVICE, ServiceSettings.defaults(),
        ReleaseSubmission.ofImage(image, "cli", key, "cli:tester").withPolicy(policy));
  }

  /** As {@code deploy --wait} does: what the service did with the request, then follow it. */
  private static OutcomeExit waitFor(Follower follower, String key, String image, long deadlineMillis)
      throws InterruptedException {
    SubmissionFate settled = follower.settle(SERVICE, key, image, follower.deadline(Duration.ofSeconds(10)));
    return follower.request(SERVICE, key, image, settled, deadlineMillis);
  }

  private Follower follower() {
    return follower(status -> {});
  }

  /** A follower printing lines to {@link #out}, calling {@code react} with each status it shows. */
  private Follower follower(Consumer<ReleaseStatus> react) {
    return follower(react, () -> {});
  }

  /** … and calling {@code onNote} once, after its first note. */
  private Follower follower(Consumer<ReleaseStatus> react, Runnable onFirstNote) {
    ProgressView lines = ProgressView.lines(new PrintWriter(out, true));
    ProgressView view = new ProgressView() {
      boolean noted;

      @Override
      public void show(ReleaseStatus status) {
        lines.show(status);
        react.accept(status);
      }

      @Override
      public void note(String line) {
        lines.note(line);
        if (!noted) {
          noted = true;
          onFirstNote.run();
        }
      }
    };
    return new Follower(client, workflowTime, POLL, view);
  }

  private ReleaseWorkflow runningRelease() {
    String workflowId = ServiceReleases.status(client, SERVICE).current().workflowId();
    return client.newWorkflowStub(ReleaseWorkflow.class, workflowId);
  }

  private String lastLine() {
    List<String> lines = out.toString().lines().toList();
    return lines.get(lines.size() - 1);
  }
}
