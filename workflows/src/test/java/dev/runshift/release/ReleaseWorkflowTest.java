package dev.runshift.release;

import static dev.runshift.testing.Releases.SERVICE;
import static dev.runshift.testing.Releases.SERVING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runshift.health.Comparison;
import dev.runshift.health.Health;
import dev.runshift.policy.FailureAction;
import dev.runshift.policy.RolloutPolicy;
import dev.runshift.ports.FailureTypes;
import dev.runshift.ports.MetricsQuery;
import dev.runshift.ports.SmokeCheck;
import dev.runshift.release.Command.Action;
import dev.runshift.testing.FakeMetricsSource.PeriodRead;
import dev.runshift.testing.FakeMetricsSource.Signals;
import dev.runshift.testing.PeriodReads;
import dev.runshift.policy.PolicyBuilder;
import dev.runshift.testing.ReleaseTestEnvironment;
import dev.runshift.testing.Releases;
import dev.runshift.traffic.TrafficMap;
import dev.runshift.traffic.TrafficTarget;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The release workflow end to end on Temporal's time-skipping test server, with in-memory fakes. Most tests
 * are about step plumbing or the threshold rule and use {@link PolicyBuilder#threshold()} (steps 5, 25, 50,
 * 100; 5-minute soak; a look a minute; 2 unhealthy verdicts in a row fail), which runs the same evidence
 * loop as sequential verdicts; {@link SequentialReleaseTest} covers sequential verdicts.
 */
class ReleaseWorkflowTest {
  private static final RolloutPolicy POLICY = PolicyBuilder.threshold().build();

  private ReleaseTestEnvironment t;

  @BeforeEach
  void setUp() {
    t = ReleaseTestEnvironment.start();
    t.cloudRun.givenService(SERVICE, SERVING, "checkout-00042-def");
    t.metrics.requestsPerSecond(100);
  }

  @AfterEach
  void tearDown() {
    t.close();
  }

  private static ReleaseOutcome result(ReleaseWorkflow release) {
    return WorkflowStub.fromTyped(release).getResult(ReleaseOutcome.class);
  }

  /** The candidate's percent in every map the fake applied, in order. */
  private List<Integer> candidatePercents(String releaseId) {
    String candidate = Releases.candidate(releaseId);
    return t.cloudRun.appliedMaps(SERVICE).stream().map(m -> m.percentOf(candidate)).toList();
  }

  private static boolean atStep(ReleaseStatus status, int index, Phase phase) {
    return status.stepIndex() == index && status.phase() == phase;
  }

  private static long decidedAt(ReleaseStatus status, String what) {
    return PeriodReads.decidedAt(status, what);
  }

  private static String rejection(WorkflowUpdateException e) {
    Throwable cause = e.getCause();
    assertInstanceOf(ApplicationFailure.class, cause, String.valueOf(cause));
    return ((ApplicationFailure) cause).getOriginalMessage();
  }

  @Test
  void healthyReleaseWalksEveryStepAndPromotes() {
    ReleaseWorkflow release = t.startRelease(Releases.ofImage("r-healthy", POLICY));
    ReleaseOutcome outcome = result(release);

    String candidate = Releases.candidate("r-healthy");
    assertEquals(Phase.PROMOTED, outcome.phase(), outcome.reason());
    assertEquals(candidate, outcome.candidateRevision());
    assertEquals(List.of(5, 25, 50, 100, 100), candidatePercents("r-healthy"));
    TrafficMap promoted = TrafficMap.of(
        TrafficTarget.tagged("checkout-00040-old", 0, "blue"), TrafficTarget.revision(candidate, 100));
    assertEquals(promoted, outcome.finalTraffic());
    assertEquals(promoted, t.cloudRun.traffic(SERVICE));
    assertEquals(0, t.cloudRun.calls("rollback"));

    ReleaseStatus status = release.status();
    assertEquals(Phase.PROMOTED, status.phase());
    assertEquals(3, status.stepIndex());
    assertEquals(List.of("checkout-00041-abc", "checkout-00042-def"), status.stableRevisions());
    long soak = POLICY.soak().toMillis();
    long at5 = decidedAt(status, "shifted to 5%");
    long at25 = decidedAt(status, "shifted to 25%");
    long at50 = decidedAt(status, "shifted to 50%");
    long at100 = decidedAt(status, "shifted to 100%");
    assertTrue(at25 - at5 >= soak && at50 - at25 >= soak && at100 - at50 >= soak, status.decisions().toString());
    assertTrue(decidedAt(status, "promoted") - at100 >= soak);
    // A baseline read, then each read starts where the newest counted period ended: every sample period
    // of the release is counted once, none twice, none skipped.
    List<PeriodRead> reads =
        PeriodReads.assertEachPeriodCountedOnce(t.metrics, status, POLICY.verdict().baselineWindow(), true);
    assertEquals(t.metrics.queries().size(), reads.size() + 1, "no window reads: only readPeriods");
    for (MetricsQuery query : t.metrics.queries()) {
      assertEquals(List.of("checkout-00041-abc", "checkout-00042-def"), query.stableRevisions());
    }
    // The threshold verdict judges the step's own periods: its window starts at the step's traffic change.
    assertEquals(at100, status.lastVerdict().metrics().startEpochMillis());
  }

  @Test
  void errorRegressionAt25PercentRollsBackToTheExactPreviousMap() {
    t.metrics.candidate((percent, start, end) -> percent >= 25 ? Signals.errors(0.2) : Signals.healthy());
    ReleaseWorkflow release = t.startRelease(Releases.ofImage("r-errors", POLICY));
    ReleaseOutcome outcome = result(release);

    assertEquals(Phase.ROLLED_BACK, outcome.phase());
    assertTrue(outcome.reason().contains("candidate.errorRate"), outcome.reason());
    // Exactly what served before: both stables at 70/30 and the unrelated blue tag at 0%; no candidate tag.
    assertEquals(SERVING, outcome.finalTraffic());
    assertEquals(SERVING, t.cloudRun.traffic(SERVICE));
    assertEquals(List.of(5, 25, 0), candidatePercents("r-errors"));
    assertEquals(0, t.cloudRun.calls("promote"));
    ReleaseStatus status = release.status();
    assertEquals(Health.UNHEALTHY, status.lastVerdict().health());
    assertEquals(2, status.decisions().stream().filter(d -> d.what().equals("verdict at 25%: UNHEALTHY")).count(),
        "failureLimit 2: two consecutive unhealthy verdicts, then rollback");
  }

  @Test
  void latencyOnlyRegressionRollsBackWhenALatencyLimitIsSet() {
    t.metrics.candidate((percent, start, end) -> percent >= 25 ? Signals.slow(5) : Signals.healthy());
    RolloutPolicy withLimit = PolicyBuilder.threshold().maxP95Ms(500.0).build();
    ReleaseWorkflow release = t.startRelease(Releases.ofImage("r-slow", withLimit));
    ReleaseOutcome outcome = result(release);

    assertEquals(Phase.ROLLED_BACK, outcome.phase());
    assertTrue(outcome.reason().contains("candidate.p95Ms ") && outcome.reason().contains(" > 500"), outcome.reason());
    // The p95 is read from the summed latency buckets: the candidate's 600 ms lie in Cloud Run's bucket
    // [1.4^19, 1.4^20) = [596, 834) ms, and that bucket holds the 95th percentile.
    Comparison p95 = release.status().lastVerdict().comparisons().stream()
        .filter(c -> c.check().equals("candidate.p95Ms")).findFirst().orElseThrow();
    assertFalse(p95.passed());
    assertEquals(500, p95.limit());
    assertTrue(p95.observed() >= Math.pow(1.4, 19) && p95.observed() <= Math.pow(1.4, 20), p95.toString());
    assertEquals(SERVING, t.cloudRun.traffic(SERVICE));
    assertEquals(List.of(5, 25, 0), candidatePercents("r-slow"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"threshold", "sequential"})
  void latencyRegressionPassesWhenNoLatencyLimitIsSet(String analysis) {
    t.metrics.candidate((percent, start, end) -> percent >= 25 ? Signals.slow(5) : Signals.healthy());
    RolloutPolicy policy = analysis.equals("threshold") ? POLICY : RolloutPolicy.defaults();
    ReleaseOutcome outcome = result(t.startRelease(Releases.ofImage("r-slow-ok", policy)));
    assertEquals(Phase.PROMOTED, outcome.phase(), outcome.reason());
  }

  @Test
  void lowTrafficStaysInconclusiveAndDoesNotAdvanceBeforeMinRequests() {
    // 1 request/s to the service: the candidate at 5% gets 3 requests a minute, 100 take 34 minutes.
    t.metrics.requestsPerSecond(1);
    RolloutPolicy policy = PolicyBuilder.threshold().maxWaitForTraffic(null).build();
    ReleaseWorkflow release = t.startRelease(Releases.ofImage("r-quiet", policy));

    ReleaseStatus first = t.awaitStatus(release, s -> atStep(s, 0, Phase.VERIFYING) && s.lastVerdict() != null);
    assertEquals(Health.INCONCLUSIVE, first.lastVerdict().health());
    t.advance(Duration.ofMinutes(20));
    ReleaseStatus status = release.status();
    assertEquals(0, status.stepIndex());
    assertEquals(Phase.VERIFYING, status.phase());
    assertEquals(Health.INCONCLUSIVE, status.lastVerdict().health());
    assertEquals(List.of(5), candidatePercents("r-quiet"));

    ReleaseOutcome outcome = result(release);
    assertEquals(Phase.PROMOTED, outcome.phase());
    ReleaseStatus done = release.status();
    long firstStep = decidedAt(done, "shifted to 25%") - decidedAt(done, "shifted to 5%");
    assertTrue(firstStep >= Duration.ofMinutes(33).toMillis(), "5% step lasted only " + firstStep + " ms");
  }

  @Test
  void inconclusivePastSoakAndMaxWaitAsksTheOperatorAndRetryContinues() {
    t.metrics.requestsPerSecond(0);
    RolloutPolicy policy = PolicyBuilder.threshold().maxWaitForTraffic(Duration.ofMinutes(30)).build();
    ReleaseWorkflow release = t.startRelease(Releases.ofImage("r-idle", policy));

    ReleaseStatus waiting = t.awaitStatus(release, s -> s.phase() == Phase.AWAITING_OPERATOR);
    assertEquals(StepFailures.INSUFFICIENT_TRAFFIC, waiting.failure().type());
    assertEquals(0, waiting.stepIndex());
    assertEquals(List.of(5), candidatePercents("r-idle")); // traffic held, not rolled back
    long held = decidedAt(waiting, "awaiting operator") - decidedAt(waiting, "shifted to 5%");
    assertTrue(held >= Duration.ofMinutes(35).toMillis(), "waited only " + held + " ms");

    t.metrics.requestsPerSecond(100);
    assertEquals("retrying step verify", release.control(new Command(Action.RETRY, "traffic is back", "alice")));
    assertEquals(Phase.PROMOTED, result(release).phase());
  }

  @Test
  void pauseHoldsTrafficAcrossAnalysisIntervalsAndResumeContinues() {
    ReleaseWorkflow release = t.startRelease(Releases.ofImage("r-pause", POLICY));
    t.awaitStatus(release, s -> atStep(s, 1, Phase.VERIFYING));
    release.pause("looking at dashboards");
    t.awaitStatus(release, s -> s.phase() == Phase.PAUSED);
    int appliedBefore = t.cloudRun.appliedMaps(SERVICE).size();
    TrafficMap held = t.cloudRun.traffic(SERVICE);
    int readsBefore = t.metrics.queries().size();

    t.advance(Duration.ofMinutes(30));
    ReleaseStatus paused = release.status();
    assertEquals(Phase.PAUSED, paused.phase());
    assertEquals(1, paused.stepIndex());
    assertEquals(held, t.cloudRun.traffic(SERVICE));
    assertEquals(appliedBefore, t.cloudRun.appliedMaps(SERVICE).size());
    assertTrue(t.metrics.queries().size() - readsBefore >= 25, "analysis continues while paused");
    assertEquals(Health.HEALTHY, paused.lastVerdict().health());

    release.resume("looks fine");
    ReleaseOutcome outcome = result(release);
    assertEquals(Phase.PROMOTED, outcome.phase());
    assertEquals(List.of(5, 25, 50, 100, 100), candidatePercents("r-pause"));
  }

  @Test
  void abortMidStepRollsBackAndEndsAborted() {
    ReleaseWorkflow release = t.startRelease(Releases.ofImage("r-abort", POLICY));
    t.awaitStatus(release, s -> atStep(s, 1, Phase.VERIFYING));
    release.abort("wrong build");
    ReleaseOutcome outcome = result(release);

    assertEquals(Phase.ABORTED, outcome.phase());
    assertTrue(outcome.reason().contains("wrong build"), outcome.reason());
    assertEquals(SERVING, outcome.finalTraffic());
    assertEquals(SERVING, t.cloudRun.traffic(SERVICE));
    assertEquals(List.of(5, 25, 0), candidatePercents("r-abort"));
  }

  @Test
  void promoteSkipsTheRemainingSteps() {
    ReleaseWorkflow release = t.startRelease(Releases.ofImage("r-promote", POLICY));
    t.awaitStatus(release, s -> atStep(s, 0, Phase.VERIFYING));
    assertEquals("promoting: remaining steps are skipped",
        release.control(new Command(Action.PROMOTE, "hotfix", "alice")));
    ReleaseOutcome outcome = result(release);

    assertEquals(Phase.PROMOTED, outcome.phase());
    assertTrue(outcome.reason().contains("hotfix"), outcome.reason());
    assertEquals(List.of(5, 100), candidatePercents("r-promote"));
    assertEquals(1, t.cloudRun.calls("shiftTraffic"));
  }

  @Test
  void deployDeniedWaitsForTheOperatorAndRetryAfterTheGrantCompletesWithoutRebuilding() {
    t.cloudRun.denyDeploys();
    ReleaseWorkflow release = t.startRelease(Releases.fromSource("r-denied", POLICY));

    ReleaseStatus waiting = t.awaitStatus(release, s -> s.phase() == Phase.AWAITING_OPERATOR);
    assertEquals(new StepFailure("deploy", FailureTypes.PERMISSION_DENIED, waiting.failure().message()),
        waiting.failure());
    assertTrue(waiting.failure().message().contains("Grant the missing permission"), waiting.failure().message());
    assertEquals(1, t.cloudRun.calls("deployNoTraffic"), "non-retryable: no automatic retry");
    assertEquals(SERVING, t.cloudRun.traffic(SERVICE));
    String skip = rejection(assertThrows(WorkflowUpdateException.class,
        () -> release.control(new Command(Action.SKIP, null, "alice"))));
    assertTrue(skip.contains("deploy cannot be skipped"), skip);

    t.cloudRun.grant();
    release.retry("granted run.developer");
    ReleaseOutcome outcome = result(release);

    assertEquals(Phase.PROMOTED, outcome.phase());
    assertEquals(1, t.builds.builds(), "the image is built exactly once");
    assertEquals(1, t.builds.tests());
    assertEquals(2, t.cloudRun.calls("deployNoTraffic"));
    assertEquals(outcome.image(), t.builds.testRequests().get(0).image());
    assertTrue(outcome.image().contains("@sha256:"), outcome.image());
    assertEquals(1, t.cloudRun.revisions(SERVICE).stream().filter(r -> r.equals(outcome.candidateRevision())).count());
  }

  @Test
  void approvalGatedStepWaitsForApproval() {
    RolloutPolicy gated = PolicyBuilder.threshold().approvalSteps(List.of(50)).build();
    ReleaseWorkflow release = t.startRelease(Releases.ofImage("r-gate", gated));
    t.awaitStatus(release, s -> s.phase() == Phase.AWAITING_APPROVAL);
    t.advance(Duration.ofHours(2));
    ReleaseStatus waiting = release.status();
    assertEquals(Phase.AWAITING_APPROVAL, waiting.phase());
    assertEquals(1, waiting.stepIndex());
    assertEquals(List.of(5, 25), candidatePercents("r-gate"));

    assertEquals("approved: traffic moves to the gated step",
        release.control(new Command(Action.APPROVE, "numbers look good", "alice")));
    ReleaseOutcome outcome = result(release);
    assertEquals(Phase.PROMOTED, outcome.phase());
    assertEquals(List.of(5, 25, 50, 100, 100), candidatePercents("r-gate"));
    Decision approval = release.status().decisions().stream()
        .filter(d -> d.what().startsWith("approve")).findFirst().orElseThrow();
    assertEquals("alice", approval.by());
    assertEquals("numbers look good", approval.reason());
  }

  @Test
  void theUpdateValidatorRejectsCommandsThatMakeNoSenseNow() {
    ReleaseWorkflow release = t.startRelease(Releases.ofImage("r-validate", POLICY));
    t.awaitStatus(release, s -> atStep(s, 0, Phase.VERIFYING));

    assertTrue(rejection(assertThrows(WorkflowUpdateException.class,
        () -> release.control(new Command(Action.RETRY, null, "bob"))))
        .startsWith("nothing failed"));
    assertTrue(rejection(assertThrows(WorkflowUpdateException.class,
        () -> release.control(new Command(Action.SKIP, null, "bob"))))
        .startsWith("nothing failed"));
    assertTrue(rejection(assertThrows(WorkflowUpdateException.class,
        () -> release.control(new Command(Action.APPROVE, null, "bob"))))
        .startsWith("nothing awaits approval"));
    assertTrue(rejection(assertThrows(WorkflowUpdateException.class,
        () -> release.control(new Command(Action.RESUME, null, "bob"))))
        .startsWith("the release is not paused"));
    assertEquals("pausing: traffic stays where it is, analysis continues, no step is taken",
        release.control(new Command(Action.PAUSE, null, "bob")));
    assertTrue(rejection(assertThrows(WorkflowUpdateException.class,
        () -> release.control(new Command(Action.PAUSE, null, "bob"))))
        .startsWith("the release is already paused"));

    // The same nonsense as a signal is recorded and ignored.
    release.retry("just in case");
    ReleaseStatus status = t.awaitStatus(release,
        s -> s.decisions().stream().anyMatch(d -> d.what().equals("ignored retry")));
    assertEquals(Phase.PAUSED, status.phase());
    assertEquals(null, status.failure());

    release.control(new Command(Action.RESUME, null, "bob"));
    assertEquals(Phase.PROMOTED, result(release).phase());
  }

  @Test
  void outOfBandTrafficChangeIsNotOverwrittenAndRetryContinuesFromTheCurrentTraffic() {
    ReleaseWorkflow release = t.startRelease(Releases.ofImage("r-oob", POLICY));
    ReleaseStatus at25 = t.awaitStatus(release, s -> atStep(s, 1, Phase.VERIFYING));
    String candidate = Releases.candidate("r-oob");
    // Someone moves traffic by hand: 10% more to the first stable, and a new tag.
    TrafficMap manual = TrafficMap.of(
        TrafficTarget.revision("checkout-00041-abc", 63),
        TrafficTarget.revision("checkout-00042-def", 22),
        TrafficTarget.tagged("checkout-00040-old", 0, "blue"),
        TrafficTarget.tagged(candidate, 15, "candidate"),
        TrafficTarget.tagged("checkout-00042-def", 0, "debug"));
    t.cloudRun.changeTrafficOutOfBand(SERVICE, manual);

    ReleaseStatus waiting = t.awaitStatus(release, s -> s.phase() == Phase.AWAITING_OPERATOR);
    assertEquals(FailureTypes.OUT_OF_BAND_TRAFFIC_CHANGE, waiting.failure().type());
    assertEquals("shift", waiting.failure().step());
    assertEquals(manual, t.cloudRun.traffic(SERVICE), "the operator's change is not overwritten");
    assertEquals(0, t.cloudRun.calls("rollback"));
    assertEquals(at25.traffic(), waiting.traffic());

    release.retry("I made that change on purpose");
    ReleaseOutcome outcome = result(release);
    assertEquals(Phase.PROMOTED, outcome.phase());
    // Planned from the re-read traffic: the debug tag survives every step and the promotion.
    assertEquals(TrafficMap.of(
            TrafficTarget.tagged("checkout-00040-old", 0, "blue"),
            TrafficTarget.revision(candidate, 100),
            TrafficTarget.tagged("checkout-00042-def", 0, "debug")),
        outcome.finalTraffic());
  }

  @Test
  void failingSmokeChecksWaitForTheOperatorAndAbortRemovesTheCandidateTag() {
    SmokeCheck smoke = new SmokeCheck("/healthz", 200, Duration.ofSeconds(5), 3);
    t.smoke.failWith("HTTP 503");
    ReleaseWorkflow release = t.startRelease(
        Releases.ofImage("r-smoke", PolicyBuilder.threshold().smoke(smoke).build()));

    ReleaseStatus waiting = t.awaitStatus(release, s -> s.phase() == Phase.AWAITING_OPERATOR);
    assertEquals(FailureTypes.SMOKE_FAILED, waiting.failure().type());
    assertTrue(waiting.failure().message().contains("HTTP 503"), waiting.failure().message());
    assertEquals("https://candidate---checkout-fake.a.run.app", t.smoke.requests().get(0).baseUrl());
    assertFalse(SERVING.equals(t.cloudRun.traffic(SERVICE)), "the candidate's tag entry is there");

    release.abort("broken build");
    ReleaseOutcome outcome = result(release);
    assertEquals(Phase.ABORTED, outcome.phase());
    assertEquals(SERVING, t.cloudRun.traffic(SERVICE));
    assertEquals(0, t.cloudRun.calls("shiftTraffic"));
  }

  @Test
  void skippingFailedSmokeChecksContinuesTheRollout() {
    SmokeCheck smoke = new SmokeCheck("/healthz", 200, Duration.ofSeconds(5), 3);
    t.smoke.failWith("HTTP 503");
    ReleaseWorkflow release = t.startRelease(
        Releases.ofImage("r-smoke-skip", PolicyBuilder.threshold().smoke(smoke).build()));
    t.awaitStatus(release, s -> s.phase() == Phase.AWAITING_OPERATOR);
    assertEquals("skipping step smoke", release.control(new Command(Action.SKIP, "known flaky", "alice")));
    assertEquals(Phase.PROMOTED, result(release).phase());
  }

  @Test
  void aFailingMetricsReadHoldsTrafficCountsNothingAndTheReleaseGoesOnOnceReadsSucceed() {
    RolloutPolicy policy = RolloutPolicy.defaults(); // sequential verdicts: 10, 50, 100
    ReleaseWorkflow release = t.startRelease(Releases.ofImage("r-blind", policy));
    ReleaseStatus at50 = t.awaitStatus(release, s -> atStep(s, 1, Phase.VERIFYING));
    TrafficMap held = t.cloudRun.traffic(SERVICE);
    int applied = t.cloudRun.appliedMaps(SERVICE).size();
    t.metrics.failWith(FailureTypes.PERMISSION_DENIED);

    t.advance(Duration.ofMinutes(10));
    ReleaseStatus blind = release.status();
    assertEquals(Phase.VERIFYING, blind.phase());
    assertEquals(1, blind.stepIndex());
    assertEquals(null, blind.failure(), "a failed read is not a failed step: nobody is asked");
    assertEquals(held, t.cloudRun.traffic(SERVICE), "traffic stays where it is");
    assertEquals(applied, t.cloudRun.appliedMaps(SERVICE).size());
    assertEquals(0, t.cloudRun.calls("rollback"));
    List<Decision> failedReads = blind.decisions().stream()
        .filter(d -> d.what().equals("metrics read failed at 50%")).toList();
    assertTrue(failedReads.size() >= 9, "one a minute for 10 minutes: " + failedReads);
    for (Decision d : failedReads) {
      assertTrue(d.reason().contains("PermissionDenied") && d.reason().contains("nothing was counted, the step waits"),
          d.reason());
    }
    long failedCalls = t.metrics.periodReads().stream().filter(r -> r.series() == null).count();
    assertEquals(failedReads.size(), failedCalls);
    assertEquals(at50.lastVerdict().evidence().periods(), blind.lastVerdict().evidence().periods(),
        "nothing was counted while reads failed");

    t.metrics.failWith(null);
    ReleaseOutcome outcome = result(release);
    assertEquals(Phase.PROMOTED, outcome.phase(), outcome.reason());
    assertEquals(List.of(10, 50, 100, 100), candidatePercents("r-blind"));
    // The first read after the failures starts where the last counted period ended: the minutes of the
    // outage are counted once, when Monitoring answers again.
    ReleaseStatus done = release.status();
    PeriodReads.assertEachPeriodCountedOnce(t.metrics, done, policy.verdict().baselineWindow(), true);
  }

  /**
   * Not so today (see the report with this test): once the soak is over, a look whose read failed still
   * advances on the evidence counted before the reads started failing, so the step moves on although its
   * last minutes were never seen. "A failed read counts nothing and the step waits" should hold for
   * advancing too.
   */
  @Test
  void aStepDoesNotAdvanceOnALookWhoseMetricsReadFailed() {
    ReleaseWorkflow release = t.startRelease(Releases.ofImage("r-blind-soak", POLICY));
    t.awaitStatus(release, s -> atStep(s, 1, Phase.VERIFYING));
    t.advance(Duration.ofSeconds(150)); // healthy looks after 1 and 2 minutes; the 5-minute soak is not over
    t.metrics.failWith(FailureTypes.PERMISSION_DENIED);
    t.advance(Duration.ofMinutes(10));
    ReleaseStatus blind = release.status();
    assertEquals(1, blind.stepIndex(), "the soak's last minutes were never seen: " + blind.decisions());
    assertEquals(List.of(5, 25), candidatePercents("r-blind-soak"));

    t.metrics.failWith(null);
    assertEquals(Phase.PROMOTED, result(release).phase());
  }

  @Test
  void onFailurePauseHoldsTrafficForTheOperator() {
    t.metrics.candidate((percent, start, end) -> percent >= 25 ? Signals.errors(0.2) : Signals.healthy());
    RolloutPolicy pause = PolicyBuilder.threshold().onFailure(FailureAction.PAUSE).build();
    ReleaseWorkflow release = t.startRelease(Releases.ofImage("r-hold", pause));

    ReleaseStatus waiting = t.awaitStatus(release, s -> s.phase() == Phase.AWAITING_OPERATOR);
    assertEquals(StepFailures.ANALYSIS_FAILED, waiting.failure().type());
    assertEquals(List.of(5, 25), candidatePercents("r-hold"));
    assertEquals(25, t.cloudRun.traffic(SERVICE).percentOf(Releases.candidate("r-hold")));

    release.abort("regression confirmed");
    ReleaseOutcome outcome = result(release);
    assertEquals(Phase.ABORTED, outcome.phase());
    assertEquals(SERVING, t.cloudRun.traffic(SERVICE));
  }

  @Test
  void abortBeforeDeployEndsWithoutTouchingTheService() {
    t.cloudRun.denyDeploys();
    ReleaseWorkflow release = t.startRelease(Releases.ofImage("r-early", POLICY));
    t.awaitStatus(release, s -> s.phase() == Phase.AWAITING_OPERATOR);
    String promote = rejection(assertThrows(WorkflowUpdateException.class,
        () -> release.control(new Command(Action.PROMOTE, null, "alice"))));
    assertTrue(promote.startsWith("nothing to promote yet"), promote);
    release.abort("not today");
    ReleaseOutcome outcome = result(release);
    assertEquals(Phase.ABORTED, outcome.phase());
    assertEquals(SERVING, t.cloudRun.traffic(SERVICE));
    assertEquals(0, t.cloudRun.calls("rollback"));
  }

  @Test
  void anInvalidRequestFailsTheWorkflowAtOnceWithAClearError() {
    RolloutPolicy bad = PolicyBuilder.threshold().steps(5, 50).raw();
    ReleaseWorkflow release = t.startRelease(Releases.ofImage("r-bad", bad));
    WorkflowFailedException failed = assertThrows(WorkflowFailedException.class, () -> result(release));
    ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, failed.getCause());
    assertEquals("InvalidReleaseRequest", cause.getType());
    assertTrue(cause.getOriginalMessage().contains("steps = [5, 50]"), cause.getOriginalMessage());
    assertEquals(0, t.cloudRun.calls("deployNoTraffic"));
  }

  @Test
  void aFailedRollbackWaitsForRetryAndIsNeverGivenUp() {
    t.metrics.candidate((percent, start, end) -> percent >= 25 ? Signals.errors(0.2) : Signals.healthy());
    t.cloudRun.failRollbacksWith(FailureTypes.PERMISSION_DENIED);
    ReleaseWorkflow release = t.startRelease(Releases.ofImage("r-stuck", POLICY));

    ReleaseStatus waiting = t.awaitStatus(release, s -> s.phase() == Phase.AWAITING_OPERATOR);
    assertEquals("rollback", waiting.failure().step());
    for (Action action : List.of(Action.SKIP, Action.PROMOTE)) {
      assertThrows(WorkflowUpdateException.class, () -> release.control(new Command(action, null, "alice")),
          action + " must be rejected while a rollback is pending");
    }
    t.cloudRun.failRollbacksWith(null);
    release.retry("granted");
    ReleaseOutcome outcome = result(release);
    assertEquals(Phase.ROLLED_BACK, outcome.phase());
    assertTrue(outcome.reason().startsWith("2 consecutive unhealthy verdicts at 25%"), outcome.reason());
    assertEquals(SERVING, t.cloudRun.traffic(SERVICE));
  }

  @Test
  void abortDuringAFailedRollbackRetriesTheRollbackAndEndsAborted() {
    ReleaseWorkflow release = t.startRelease(Releases.ofImage("r-stuck-abort", POLICY));
    t.awaitStatus(release, s -> atStep(s, 0, Phase.VERIFYING));
    // The next shift fails (not out of band, so traffic is restored first) and so does that rollback.
    t.cloudRun.failShiftsWith(FailureTypes.PERMISSION_DENIED);
    t.cloudRun.failRollbacksWith(FailureTypes.UNAUTHENTICATED);
    t.awaitStatus(release, s -> s.failure() != null && s.failure().step().equals("rollback"));
    assertEquals(5, t.cloudRun.traffic(SERVICE).percentOf(Releases.candidate("r-stuck-abort")));

    t.cloudRun.failRollbacksWith(null);
    assertEquals("aborting: retrying the failed rollback first",
        release.control(new Command(Action.ABORT, "give up", "alice")));
    ReleaseOutcome outcome = result(release);
    assertEquals(Phase.ABORTED, outcome.phase());
    assertEquals(SERVING, t.cloudRun.traffic(SERVICE));
    assertEquals(SERVING, outcome.finalTraffic());
  }
}
