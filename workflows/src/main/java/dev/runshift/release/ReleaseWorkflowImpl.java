package dev.runshift.release;

import dev.runshift.events.EventNotice;
import dev.runshift.events.ReleaseEvent;
import dev.runshift.health.Health;
import dev.runshift.health.HealthAnalysis;
import dev.runshift.health.ReleaseEvidence;
import dev.runshift.health.Verdict;
import dev.runshift.policy.FailureAction;
import dev.runshift.policy.PolicyLimits;
import dev.runshift.policy.RolloutPolicy;
import dev.runshift.ports.ArtifactTestRequest;
import dev.runshift.ports.BuildRequest;
import dev.runshift.ports.BuiltImage;
import dev.runshift.ports.DeployRequest;
import dev.runshift.ports.Deployment;
import dev.runshift.ports.MetricsQuery;
import dev.runshift.ports.PeriodSeries;
import dev.runshift.ports.PromoteRequest;
import dev.runshift.ports.RollbackRequest;
import dev.runshift.ports.ShiftRequest;
import dev.runshift.ports.SmokeReport;
import dev.runshift.ports.SmokeRequest;
import dev.runshift.ports.TestReport;
import dev.runshift.ports.WindowMetrics;
import dev.runshift.release.Command.Action;
import dev.runshift.traffic.TrafficMap;
import dev.runshift.traffic.TrafficPlan;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Functions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The release workflow (see {@link ReleaseWorkflow} for the contract). Reading order: {@link #run} and
 * {@link #release} are the happy path; each step is a small method below; failures go through
 * {@link #awaitOperator}; traffic is made safe by {@link #restorePreviousTraffic}.
 *
 * <p>Deterministic only: time is {@link Workflow#currentTimeMillis()}, waits are durable timers
 * ({@link Workflow#await(Duration, Functions.Func)}) that operator commands interrupt, and every decision
 * comes from the pure functions in {@code policy}, {@code traffic} and {@code health}.
 */
public class ReleaseWorkflowImpl implements ReleaseWorkflow {

  /** What a step's verification ended with. */
  private enum StepOutcome {
    ADVANCE,
    /** Traffic was rolled back after a failure and the operator asked to retry: shift again. */
    REDO,
    PROMOTE,
    ROLLED_BACK
  }

  /** The operator's answer to a failed step. */
  private enum Choice {
    RETRY,
    SKIP,
    PROMOTE
  }

  /** Thrown at the next safe point after an accepted abort; {@link #run} turns it into ABORTED. */
  private static final class AbortRequested extends RuntimeException {
    AbortRequested() {
      super("abort requested", null, false, false);
    }
  }

  /** Made in {@link #run}: their retry options depend on the policy and on {@link #TRANSIENT_RETRIES}. */
  private ReleaseActivities activities;
  private final ReleaseControls controls = new ReleaseControls();
  private final ReleaseJournal journal = new ReleaseJournal();
  private final ReleaseNotifications notifications = new ReleaseNotifications(journal);
  private final Set<Integer> approvedSteps = new HashSet<>();

  private ReleaseRequest request;
  private RolloutPolicy policy;
  private String image;
  private String candidateRevision;
  private Deployment deployment;
  /** The traffic that served before the release (the deploy's {@code previousTraffic}). */
  private TrafficMap rollbackTarget;
  /** The traffic this release last set or read: the {@code expected} of its next change. */
  private TrafficMap traffic;
  /** True from the first traffic change of this release until traffic is restored. */
  private boolean trafficMoved;
  private long lastTrafficChangeMillis;
  private int stepIndex = -1;
  /** Why the analysis rolled the release back (for the outcome). */
  private String rollbackReason;
  /** When the release started (workflow time): the baseline window ends here. */
  private long releaseStartMillis;
  /** Every sample period the release has counted (sequential verdicts); null before the first step. */
  private ReleaseEvidence evidence;

  /** Sequential verdicts on whole sample periods replaced the threshold window analysis. */
  static final String SEQUENTIAL_VERDICTS = "sequential-verdicts";

  /** Whether releases this worker starts send their events to the notifier (see the constructor). */
  private final boolean sendEvents;

  /** Releases that record their events but send none: what a worker without notifications registers. */
  public ReleaseWorkflowImpl() {
    this(false);
  }

  /**
   * @param sendEvents whether a release started on this worker sends its events to the {@code notify}
   *     queue ({@link ReleaseNotifications}). The choice is recorded in the release's history when it
   *     starts, so the release keeps it wherever and whenever it is replayed, whatever the setting then.
   */
  public ReleaseWorkflowImpl(boolean sendEvents) {
    this.sendEvents = sendEvents;
  }

  /**
   * Version 1: activities retry transient errors for the policy's {@code transientRetryFor}; a failed
   * metrics read is an Inconclusive look; a release makes at most {@link PolicyLimits#MAX_LOOKS} looks;
   * a retry after a shift or promotion was rolled back starts again from the first step.
   */
  static final String TRANSIENT_RETRIES = "transient-retries";

  private static final long MAX_TIMER_MILLIS = Duration.ofDays(365).toMillis();

  /** Whether this release runs under {@link #TRANSIENT_RETRIES} (false: replaying an older release). */
  private boolean bounded;
  /** Looks made so far (bounded by {@link PolicyLimits#MAX_LOOKS}). */
  private int looks;

  @Override
  public ReleaseOutcome run(ReleaseRequest request) {
    try {
      ReleaseRequestValidator.validate(request);
    } catch (IllegalArgumentException invalid) {
      throw ApplicationFailure.newNonRetryableFailure(invalid.getMessage(), "InvalidReleaseRequest");
    }
    this.request = request;
    this.releaseStartMillis = Workflow.currentTimeMillis();
    this.policy = request.policy();
    this.bounded = Workflow.getVersion(TRANSIENT_RETRIES, Workflow.DEFAULT_VERSION, 1) >= 1;
    this.activities = bounded ? new ReleaseActivities(policy.transientRetryFor()) : new ReleaseActivities();
    this.image = request.image();
    this.candidateRevision = RevisionNames.candidate(request.service().service(), request.releaseId());
    journal.start(request.releaseId(), request.service().toString());
    if (Workflow.getVersion(ReleaseNotifications.RELEASE_EVENTS, Workflow.DEFAULT_VERSION, 1) >= 1
        && Workflow.sideEffect(Boolean.class, () -> sendEvents)) {
      journal.onEvent(event -> {
        if (ReleaseNotifications.sent(event)) {
          notifications.send(new EventNotice(request.service(), request.releaseId(), image, event));
        }
      });
    }
    journal.record((id, at) -> new ReleaseEvent.Started(
        id, at, image, candidateRevision, policy.steps(), request.origin()));
    try {
      return release();
    } catch (AbortRequested aborted) {
      return abort();
    }
  }

  private ReleaseOutcome release() {
    if (request.build() != null) {
      buildImage();
    }
    if (request.tests() != null) {
      testArtifact();
    }
    deploy();
    if (policy.smoke() != null) {
      smoke();
    }
    List<Integer> steps = policy.steps();
    while (true) {
      int index = 0;
      while (index < steps.size() && !controls.promoteRequested()) {
        if (!awaitApproval(index)) {
          break; // promote requested while waiting
        }
        TrafficChange shifted = shiftTo(index);
        if (shifted == TrafficChange.UNDONE) {
          index = 0; // every step's traffic was undone: verify again from the first
          continue;
        }
        if (shifted == TrafficChange.PROMOTE_INSTEAD) {
          break;
        }
        StepOutcome outcome = verify(index);
        switch (outcome) {
          case ADVANCE -> index++;
          case REDO -> {}
          case PROMOTE -> index = steps.size();
          case ROLLED_BACK -> {
            return finish(Phase.ROLLED_BACK, rollbackReason);
          }
        }
      }
      if (promote() == TrafficChange.APPLIED) {
        return finish(Phase.PROMOTED, promotedBecause());
      }
    }
  }

  // ---- steps before traffic ------------------------------------------------------------------

  private void buildImage() {
    BuildRequest build = new BuildRequest(request.releaseId(), request.service().project(), request.build());
    BuiltImage built =
        runStep(StepFailures.BUILD, Phase.BUILDING, true, () -> activities.build().build(build)).orElseThrow();
    image = built.image();
    journal.image(image);
    journal.decide("built " + image, "build " + built.buildId());
  }

  private void testArtifact() {
    ArtifactTestRequest test =
        new ArtifactTestRequest(request.releaseId(), request.service().project(), image, request.tests());
    Optional<TestReport> report =
        runStep(StepFailures.TEST, Phase.TESTING, true, () -> activities.test(request.tests()).testArtifact(test));
    journal.decide(report.isPresent() ? "artifact tests passed" : "artifact tests skipped",
        report.map(TestReport::buildId).orElse("skipped by operator"));
  }

  private void deploy() {
    DeployRequest deploy =
        new DeployRequest(request.service(), request.releaseId(), image, candidateRevision, policy.candidateTag());
    runStep(StepFailures.DEPLOY, Phase.DEPLOYING, false, () -> {
      Deployment deployed = activities.deploy().deployNoTraffic(deploy);
      // From here on there is a candidate tag to roll back from, even if reading the service fails.
      rollbackTarget = deployed.previousTraffic();
      TrafficMap live = activities.describe().describe(request.service()).traffic();
      deployment = deployed;
      traffic = live;
      return deployed;
    });
    journal.candidatePercent(0);
    journal.record((id, at) -> new ReleaseEvent.Deployed(
        id, at, candidateRevision, deployment.previousTraffic(), deployment.stableRevisions()));
  }

  private void smoke() {
    SmokeRequest smoke = new SmokeRequest(deployment.candidateUrl(), policy.smoke());
    Optional<SmokeReport> report = runStep(
        StepFailures.SMOKE, Phase.SMOKE_TESTING, true, () -> activities.smoke(policy.smoke()).check(smoke));
    journal.decide(report.isPresent() ? "smoke checks passed" : "smoke checks skipped",
        report.map(r -> r.passed() + " passed").orElse("by operator"));
  }

  /**
   * Runs one step until it succeeds (present result) or the operator skips it or promotes (empty
   * result). Abort interrupts build, tests and smoke at once ({@code cancelOnAbort}); other steps finish
   * first.
   */
  private <T> Optional<T> runStep(String step, Phase phase, boolean cancelOnAbort, Functions.Func<T> body) {
    while (true) {
      checkAbort();
      journal.phase(phase);
      try {
        return Optional.ofNullable(cancelOnAbort ? cancellable(body) : body.apply());
      } catch (ActivityFailure failure) {
        StepFailure stepFailure = StepFailures.of(step, failure);
        if (trafficMoved) {
          restorePreviousTraffic(stepFailure.message());
        }
        Choice choice = awaitOperator(stepFailure, StepFailures.SKIPPABLE.contains(step));
        if (choice != Choice.RETRY) {
          return Optional.empty();
        }
      }
    }
  }

  private <T> T cancellable(Functions.Func<T> body) {
    List<Promise<T>> started = new ArrayList<>(1);
    CancellationScope scope = Workflow.newCancellationScope(() -> started.add(Async.function(body)));
    scope.run();
    Promise<T> result = started.get(0);
    Workflow.await(() -> result.isCompleted() || controls.abortRequested());
    if (!result.isCompleted()) {
      scope.cancel("release aborted");
      throw new AbortRequested();
    }
    return result.get();
  }

  // ---- traffic steps ---------------------------------------------------------------------------

  /** Waits for approval when step {@code index} is gated. False when promotion was requested instead. */
  private boolean awaitApproval(int index) {
    int percent = policy.steps().get(index);
    if (policy.approvalSteps() == null || !policy.approvalSteps().contains(percent)
        || approvedSteps.contains(index)) {
      return true;
    }
    journal.phase(Phase.AWAITING_APPROVAL);
    journal.record((id, at) -> new ReleaseEvent.AwaitingApproval(id, at, percent));
    Workflow.await(
        () -> controls.approvePending() || controls.abortRequested() || controls.promoteRequested());
    checkAbort();
    if (!controls.approvePending()) {
      return false;
    }
    controls.consumeApproval();
    approvedSteps.add(index);
    return true;
  }

  /** Moves the candidate to step {@code index}. */
  private TrafficChange shiftTo(int index) {
    int percent = policy.steps().get(index);
    TrafficChange shifted = changeTraffic(
        StepFailures.SHIFT,
        current -> TrafficPlan.plan(current, candidateRevision, policy.candidateTag(), percent),
        (expected, next) -> activities.traffic().shiftTraffic(new ShiftRequest(request.service(), expected, next)));
    if (shifted == TrafficChange.APPLIED) {
      stepIndex = index;
      journal.candidatePercent(percent);
      journal.record((id, at) -> new ReleaseEvent.Shifted(id, at, percent, traffic));
    }
    return shifted;
  }

  /** How a traffic change ended. */
  private enum TrafficChange {
    APPLIED,
    /** The operator (or an earlier command) asked to promote instead. */
    PROMOTE_INSTEAD,
    /**
     * The change failed, the traffic from before the release was restored and the operator asked to
     * retry: the release starts again from its first step (every step's traffic was undone), instead of
     * jumping straight to the step that failed ({@link #TRANSIENT_RETRIES}).
     */
    UNDONE
  }

  /**
   * Plans from the last known traffic and applies the plan, holding first while paused. On failure,
   * traffic is restored unless someone else changed it (then it is left alone and re-read on retry), and
   * the operator decides.
   */
  private TrafficChange changeTraffic(
      String step,
      Functions.Func1<TrafficMap, TrafficMap> plan,
      Functions.Func2<TrafficMap, TrafficMap, TrafficMap> apply) {
    boolean reread = false;
    while (true) {
      if (!holdWhilePaused() && !StepFailures.PROMOTE.equals(step)) {
        return TrafficChange.PROMOTE_INSTEAD;
      }
      StepFailure failure;
      try {
        if (reread) {
          traffic = activities.describe().describe(request.service()).traffic();
          journal.decide("re-read traffic", String.valueOf(traffic));
          reread = false;
        }
        TrafficMap next = plan.apply(traffic);
        journal.phase(Phase.SHIFTING);
        trafficMoved = true;
        traffic = apply.apply(traffic, next);
        lastTrafficChangeMillis = Workflow.currentTimeMillis();
        return TrafficChange.APPLIED;
      } catch (ActivityFailure activityFailure) {
        failure = StepFailures.of(step, activityFailure);
        if (!reread) { // (when re-reading failed, nothing was written: keep re-reading on retry)
          reread = StepFailures.isOutOfBand(failure);
          if (!reread) {
            restorePreviousTraffic(failure.message());
          }
        }
      } catch (IllegalArgumentException unplannable) {
        failure = new StepFailure(step, StepFailures.INVALID_TRAFFIC_PLAN,
            step + " cannot be planned from the current traffic: " + unplannable.getMessage()
                + ". Fix the service's traffic, then retry (it re-reads the traffic), or abort");
        reread = true;
      }
      boolean restored = !reread && !trafficMoved;
      Choice choice = awaitOperator(failure, false);
      if (choice == Choice.PROMOTE && !StepFailures.PROMOTE.equals(step)) {
        return TrafficChange.PROMOTE_INSTEAD;
      }
      if (bounded && restored && choice == Choice.RETRY && !controls.promoteRequested()) {
        journal.decide("starting again from the first step", "the traffic of every step was rolled back");
        return TrafficChange.UNDONE;
      }
    }
  }

  /**
   * Verifies step {@code index}: by the release's evidence (sequential or threshold analysis of whole
   * sample periods, {@link #verifyByEvidence}); releases started before that change keep the window
   * analysis they started with ({@link #verifyByWindow}).
   */
  private StepOutcome verify(int index) {
    int version = Workflow.getVersion(SEQUENTIAL_VERDICTS, Workflow.DEFAULT_VERSION, 1);
    return version == Workflow.DEFAULT_VERSION ? verifyByWindow(index) : verifyByEvidence(index);
  }

  /**
   * Looks at step {@code index} every analysis interval: counts the sample periods Monitoring shows since
   * the last look into the release's {@link ReleaseEvidence} (each exactly once), and lets
   * {@link StepJudge} decide. A failed metrics read adds nothing and the step keeps waiting (never a
   * rollback); the policy's maximum wait still applies. Analysis continues while paused.
   */
  private StepOutcome verifyByEvidence(int index) {
    if (evidence == null) {
      evidence = ReleaseEvidence.start(policy, readBaseline());
    }
    int percent = policy.steps().get(index);
    long interval = StepDecision.millis(policy.analysisInterval());
    long stepStart = lastTrafficChangeMillis;
    evidence.startStep(index, stepStart);
    long nextCheck = StepDecision.saturatedSum(stepStart, interval);
    Health previous = null;
    while (true) {
      if (!lookDue(nextCheck)) {
        if (controls.promoteRequested()) {
          return StepOutcome.PROMOTE;
        }
        continue;
      }
      long now = Workflow.currentTimeMillis();
      StepClock clock = new StepClock(index, stepStart, now, controls.paused());
      Look look = bounded && looks >= PolicyLimits.MAX_LOOKS ? lookBudgetSpent(percent) : null;
      boolean readFailed = false;
      if (look == null) {
        looks++;
        try {
          evidence.add(activities.metrics().readPeriods(new MetricsQuery(
              request.service(), candidateRevision, deployment.stableRevisions(), evidence.queryFrom(), now)));
        } catch (ActivityFailure failure) {
          readFailed = true;
          String why = StepFailures.of(StepFailures.VERIFY, failure).message();
          journal.decide("metrics read failed at " + percent + "%", why + "; nothing was counted, the step waits");
          if (bounded) {
            look = StepJudge.unread(policy, evidence, clock, why);
          }
        }
      }
      if (look == null) {
        look = StepJudge.look(policy, evidence, clock);
      }
      if (readFailed && look.action().kind() == StepAction.Kind.ADVANCE) {
        // Never advance on a look that could not see the latest periods: wait for a read that succeeds.
        look = new Look(look.verdict(), StepAction.hold("the latest metrics read failed; waiting for one that succeeds"));
      }
      Verdict verdict = look.verdict();
      journal.verdict(percent, verdict, verdict.health() != previous || verdict.health() == Health.UNHEALTHY);
      previous = verdict.health();
      nextCheck = StepDecision.saturatedSum(Workflow.currentTimeMillis(), interval);
      StepAction action = look.action();
      switch (action.kind()) {
        case ADVANCE -> {
          return StepOutcome.ADVANCE;
        }
        case ROLL_BACK -> {
          rollbackReason = action.reason();
          restorePreviousTraffic(action.reason());
          return StepOutcome.ROLLED_BACK;
        }
        case HOLD -> {}
        case ASK_OPERATOR -> {
          Choice choice = awaitOperator(new StepFailure(StepFailures.VERIFY, action.failureType(), action.reason()), true);
          if (choice == Choice.SKIP) {
            return StepOutcome.ADVANCE;
          }
          if (choice == Choice.PROMOTE) {
            return StepOutcome.PROMOTE;
          }
          // Retry: verify this step afresh from now; after failed evidence, with fresh evidence too.
          stepStart = Workflow.currentTimeMillis();
          if (StepFailures.ANALYSIS_FAILED.equals(action.failureType())) {
            evidence = evidence.restarted(policy);
          }
          evidence.startStep(index, stepStart);
          nextCheck = StepDecision.saturatedSum(stepStart, interval);
          previous = null;
        }
      }
    }
  }

  /**
   * The look made instead of reading metrics once the release has made {@link PolicyLimits#MAX_LOOKS}
   * looks: Inconclusive, and the operator decides with traffic held.
   */
  private Look lookBudgetSpent(int percent) {
    String reason = "the release has made its " + PolicyLimits.MAX_LOOKS + " looks (the most that keep its history"
        + " bounded) and looks no more; traffic is held at " + percent + "%: skip this step, promote or abort";
    return new Look(StepJudge.inconclusive(reason), StepAction.askOperator(StepFailures.LOOK_BUDGET_SPENT, reason));
  }

  /**
   * Shows the verifying (or paused) phase and waits for the look due at {@code nextCheck}, waking early
   * for an abort (thrown), a promote or a change of pause. Returns whether the look is due now; false:
   * woken early, ask again.
   */
  private boolean lookDue(long nextCheck) {
    journal.phase(controls.paused() ? Phase.PAUSED : Phase.VERIFYING);
    long wait = nextCheck - Workflow.currentTimeMillis();
    if (wait <= 0) {
      return true;
    }
    boolean paused = controls.paused();
    // A year at most: the timer's duration must stay representable (a policy from before the bounds).
    Workflow.await(Duration.ofMillis(Math.min(wait, MAX_TIMER_MILLIS)),
        () -> controls.abortRequested() || controls.promoteRequested() || controls.paused() != paused);
    checkAbort();
    return false;
  }

  /**
   * The stable revisions' own periods over the policy's baseline window before the release: the
   * comparison when stable serves nothing. A failed read leaves the release without a baseline (said in
   * the journal), never stops it.
   */
  private PeriodSeries readBaseline() {
    long window = StepDecision.millis(policy.verdict().baselineWindow());
    if (deployment.stableRevisions().isEmpty() || window == 0) {
      return PeriodSeries.empty();
    }
    long from = window >= releaseStartMillis ? 0 : releaseStartMillis - window;
    try {
      PeriodSeries baseline = activities.metrics().readSummed(new MetricsQuery(
          request.service(), candidateRevision, deployment.stableRevisions(), from, releaseStartMillis));
      long requests = baseline.periods().stream().mapToLong(p -> p.stable().requests()).sum();
      long errors = baseline.periods().stream().mapToLong(p -> p.stable().errors5xx()).sum();
      journal.decide("baseline read", requests == 0
          ? "stable served nothing in the " + policy.verdict().baselineWindow() + " before the release: no baseline"
          : "stable served " + requests + " requests with " + errors + " 5xx in the "
              + policy.verdict().baselineWindow() + " before the release");
      return baseline;
    } catch (ActivityFailure failure) {
      journal.decide("baseline not read", StepFailures.of(StepFailures.VERIFY, failure).message()
          + "; the release goes on without a baseline");
      return PeriodSeries.empty();
    }
  }

  /**
   * Releases started before sequential verdicts: analyses step {@code index} every analysis interval over the window since the last traffic change.
   * Advances once the soak has passed and the latest verdict is Healthy (never while paused); fails after
   * {@code failureLimit} consecutive Unhealthy verdicts; asks the operator when the step stays
   * Inconclusive past soak + maxWaitForTraffic.
   */
  private StepOutcome verifyByWindow(int index) {
    int percent = policy.steps().get(index);
    // Saturating, like StepDecision: a policy accepted before durations were bounded must not overflow.
    long interval = StepDecision.millis(policy.analysisInterval());
    long stepStart = lastTrafficChangeMillis;
    long windowStart = lastTrafficChangeMillis;
    long nextCheck = StepDecision.saturatedSum(stepStart, interval);
    int unhealthyInARow = 0;
    Health previous = null;
    while (true) {
      if (!lookDue(nextCheck)) {
        if (controls.promoteRequested()) {
          return StepOutcome.PROMOTE;
        }
        continue;
      }
      long now = Workflow.currentTimeMillis();
      WindowMetrics metrics;
      try {
        metrics = activities.metrics().read(new MetricsQuery(
            request.service(), candidateRevision, deployment.stableRevisions(), windowStart, now));
      } catch (ActivityFailure failure) {
        StepFailure stepFailure = StepFailures.of(StepFailures.VERIFY, failure);
        restorePreviousTraffic(stepFailure.message());
        return switch (awaitOperator(stepFailure, true)) {
          case RETRY -> StepOutcome.REDO;
          case SKIP -> StepOutcome.ADVANCE;
          case PROMOTE -> StepOutcome.PROMOTE;
        };
      }
      Verdict verdict = HealthAnalysis.analyze(policy, metrics);
      journal.verdict(percent, verdict, verdict.health() != previous || verdict.health() == Health.UNHEALTHY);
      previous = verdict.health();
      now = Workflow.currentTimeMillis();
      nextCheck = StepDecision.saturatedSum(now, interval);
      unhealthyInARow = verdict.health() == Health.UNHEALTHY ? unhealthyInARow + 1 : 0;

      Optional<Choice> operator = Optional.empty();
      if (unhealthyInARow >= policy.failureLimit()) {
        String failed = unhealthyInARow + " consecutive unhealthy verdicts at " + percent + "%: " + verdict.reason();
        if (policy.onFailure() == FailureAction.ROLLBACK) {
          rollbackReason = failed;
          restorePreviousTraffic(failed);
          return StepOutcome.ROLLED_BACK;
        }
        operator = Optional.of(awaitOperator(new StepFailure(StepFailures.VERIFY, StepFailures.ANALYSIS_FAILED,
            failed + ". Traffic is held (onFailure=PAUSE)"), true));
      } else if (!controls.paused()) {
        long atStep = now - stepStart;
        long soak = StepDecision.millis(policy.soak());
        if (verdict.health() == Health.HEALTHY && atStep >= soak) {
          return StepOutcome.ADVANCE;
        }
        Duration maxWait = policy.maxWaitForTraffic();
        if (verdict.health() == Health.INCONCLUSIVE && maxWait != null
            && atStep >= StepDecision.saturatedSum(soak, StepDecision.millis(maxWait))) {
          operator = Optional.of(awaitOperator(new StepFailure(StepFailures.VERIFY,
              StepFailures.INSUFFICIENT_TRAFFIC,
              "candidate at " + percent + "% stayed inconclusive for " + Duration.ofMillis(atStep)
                  + " (soak " + policy.soak() + " + maxWaitForTraffic " + maxWait + "): " + verdict.reason()
                  + ". Traffic is held"), true));
        }
      }
      if (operator.isPresent()) {
        switch (operator.get()) {
          case SKIP -> {
            return StepOutcome.ADVANCE;
          }
          case PROMOTE -> {
            return StepOutcome.PROMOTE;
          }
          case RETRY -> {
            // Verify this step afresh: a new soak, a new failure count, a window from now.
            now = Workflow.currentTimeMillis();
            stepStart = now;
            windowStart = now;
            nextCheck = StepDecision.saturatedSum(now, interval);
            unhealthyInARow = 0;
            previous = null;
          }
        }
      }
    }
  }

  /** Gives the candidate all traffic; {@link TrafficChange#UNDONE}: it failed, was rolled back, retried. */
  private TrafficChange promote() {
    TrafficChange promoted = changeTraffic(
        StepFailures.PROMOTE,
        current -> TrafficPlan.promoted(current, candidateRevision, policy.candidateTag()),
        (expected, next) -> activities.traffic().promote(
            new PromoteRequest(request.service(), candidateRevision, policy.candidateTag(), expected, next)));
    if (promoted == TrafficChange.APPLIED) {
      stepIndex = policy.steps().size() - 1;
      journal.candidatePercent(100);
    }
    return promoted;
  }

  private String promotedBecause() {
    return controls.promoteRequested()
        ? "promoted by operator" + (controls.promoteReason() == null ? "" : ": " + controls.promoteReason())
        : "every step was healthy";
  }

  // ---- failure, abort, operator ----------------------------------------------------------------

  /**
   * Records {@code failure}, waits in AWAITING_OPERATOR, and returns the operator's choice; an abort
   * throws {@link AbortRequested}.
   */
  private Choice awaitOperator(StepFailure failure, boolean skippable) {
    journal.fail(failure, skippable);
    Workflow.await(() -> controls.retryPending() || controls.skipPending()
        || controls.abortRequested() || controls.promoteRequested());
    journal.clearFailure();
    checkAbort();
    if (controls.promoteRequested()) {
      return Choice.PROMOTE;
    }
    if (controls.skipPending()) {
      controls.consumeSkip();
      return Choice.SKIP;
    }
    controls.consumeRetry();
    return Choice.RETRY;
  }

  /**
   * Restores exactly the traffic that served before the release. A rollback that fails for good waits in
   * AWAITING_OPERATOR for retry (abort also retries it): it is never given up.
   */
  private void restorePreviousTraffic(String why) {
    if (rollbackTarget == null) {
      return;
    }
    journal.decide("rolling back", why);
    while (true) {
      journal.phase(Phase.SHIFTING);
      try {
        traffic = activities.rollback().rollback(
            new RollbackRequest(request.service(), rollbackTarget));
        trafficMoved = false;
        lastTrafficChangeMillis = Workflow.currentTimeMillis();
        stepIndex = -1;
        journal.candidatePercent(traffic.percentOf(candidateRevision));
        journal.record((id, at) -> new ReleaseEvent.TrafficRestored(id, at, traffic));
        journal.rolledBack();
        return;
      } catch (ActivityFailure failure) {
        journal.fail(StepFailures.of(StepFailures.ROLLBACK, failure), false);
        Workflow.await(controls::retryPending);
        controls.consumeRetry();
        journal.clearFailure();
      }
    }
  }

  private boolean holdWhilePaused() {
    if (controls.paused() && !controls.promoteRequested()) {
      journal.phase(Phase.PAUSED);
      Workflow.await(
          () -> !controls.paused() || controls.abortRequested() || controls.promoteRequested());
    }
    checkAbort();
    return !controls.promoteRequested();
  }

  private void checkAbort() {
    if (controls.abortRequested()) {
      throw new AbortRequested();
    }
  }

  private ReleaseOutcome abort() {
    String reason = "aborted" + (controls.abortReason() == null ? "" : ": " + controls.abortReason());
    if (rollbackTarget != null && !Objects.equals(traffic, rollbackTarget)) {
      restorePreviousTraffic(reason);
    }
    return finish(Phase.ABORTED, reason);
  }

  private ReleaseOutcome finish(Phase phase, String reason) {
    journal.phase(phase);
    TrafficMap left = traffic;
    journal.record((id, at) -> switch (phase) {
      case PROMOTED -> new ReleaseEvent.Promoted(id, at, reason, left);
      case ROLLED_BACK -> new ReleaseEvent.RolledBack(id, at, reason, left);
      case ABORTED -> new ReleaseEvent.Aborted(id, at, reason, left);
      default -> throw new IllegalArgumentException("not a final phase: " + phase);
    });
    notifications.drain();
    return new ReleaseOutcome(request.releaseId(), phase, image, candidateRevision, reason, traffic);
  }

  // ---- signals, update, query ------------------------------------------------------------------

  @Override
  public void pause(String reason) {
    signal(Action.PAUSE, reason);
  }

  @Override
  public void resume(String reason) {
    signal(Action.RESUME, reason);
  }

  @Override
  public void promote(String reason) {
    signal(Action.PROMOTE, reason);
  }

  @Override
  public void abort(String reason) {
    signal(Action.ABORT, reason);
  }

  @Override
  public void approve(String reason) {
    signal(Action.APPROVE, reason);
  }

  @Override
  public void retry(String reason) {
    signal(Action.RETRY, reason);
  }

  @Override
  public void skip(String reason) {
    signal(Action.SKIP, reason);
  }

  /** A signal cannot be rejected: an invalid one is recorded as ignored, with the reason. */
  private void signal(Action action, String reason) {
    Command command = new Command(action, reason, "signal");
    String rejection = controls.rejection(command, situation());
    if (rejection != null) {
      journal.decide("ignored " + name(action), rejection, "signal");
      return;
    }
    accept(command);
  }

  @Override
  public String control(Command command) {
    return accept(command);
  }

  @Override
  public void validateControl(Command command) {
    String rejection = controls.rejection(command, situation());
    if (rejection != null) {
      throw new IllegalArgumentException(rejection);
    }
  }

  private String accept(Command command) {
    String effect = controls.accept(command, situation());
    // Who the sender says they are, next to the Temporal client identity it came from (both self-asserted).
    String by = (command.by() == null ? "operator" : command.by())
        + (command.identity() == null ? "" : " (client " + command.identity() + ")");
    String reason = command.reason();
    journal.record((id, at) -> switch (command.action()) {
      case PAUSE -> new ReleaseEvent.Paused(id, at, effect, reason, by);
      case RESUME -> new ReleaseEvent.Resumed(id, at, effect, reason, by);
      case RETRY -> new ReleaseEvent.Retried(id, at, effect, reason, by);
      case SKIP -> new ReleaseEvent.Skipped(id, at, effect, reason, by);
      case PROMOTE, ABORT, APPROVE -> new ReleaseEvent.Commanded(id, at, name(command.action()), effect, reason, by);
    });
    return effect;
  }

  private ReleaseControls.Situation situation() {
    return new ReleaseControls.Situation(
        journal.phase(), journal.failure(), journal.failureSkippable(), deployment != null);
  }

  @Override
  public ReleaseStatus status() {
    return new ReleaseStatus(
        request == null ? null : request.releaseId(),
        request == null ? null : request.service(),
        journal.phase(),
        image,
        candidateRevision,
        deployment == null ? List.of() : deployment.stableRevisions(),
        traffic,
        stepIndex,
        policy == null ? List.of() : policy.steps(),
        journal.lastVerdict(),
        journal.failure(),
        journal.decisions(),
        journal.events(),
        policy);
  }

  private static String name(Action action) {
    return action.name().toLowerCase(java.util.Locale.ROOT);
  }
}
