package dev.runshift.release;

import static dev.runshift.testing.Releases.SERVICE;
import static dev.runshift.testing.Releases.SERVING;

import dev.runshift.policy.RolloutPolicy;
import dev.runshift.release.Command.Action;
import dev.runshift.testing.FakeMetricsSource.Signals;
import dev.runshift.policy.PolicyBuilder;
import dev.runshift.testing.ReleaseTestEnvironment;
import dev.runshift.testing.Releases;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import java.time.Duration;
import java.util.List;

/**
 * The release scenarios whose histories are recorded (by {@link RecordReleaseHistories}) and replayed (by
 * {@link ReleaseHistoryTest}). Each runs to completion in a fresh {@link ReleaseTestEnvironment} and
 * returns the history.
 *
 * <p>{@code release-promoted.json}, {@code release-rolled-back.json} and {@code release-operated.json} were
 * recorded before sequential verdicts (threshold analysis over windows, no {@code sequential-verdicts}
 * marker) from earlier versions of {@link #promoted}, a 5xx regression from 25% under the then defaults,
 * and {@link #operated}; they stay as they are, to show releases in flight from then still replay.
 */
final class RecordedReleases {
  /** 4 steps, 10-minute soak, 1-minute analysis interval: the event-count reference rollout. */
  static final RolloutPolicy REFERENCE = PolicyBuilder.defaults()
      .steps(5, 25, 50, 100).soak(Duration.ofMinutes(10)).analysisInterval(Duration.ofMinutes(1)).build();

  private RecordedReleases() {}

  /** Built from source, healthy at every step of {@link #REFERENCE} (sequential verdicts), promoted. */
  static WorkflowExecutionHistory promoted(ReleaseTestEnvironment t) {
    given(t);
    ReleaseWorkflow release = t.startRelease(Releases.fromSource("rec-promoted", REFERENCE));
    return finish(t, release);
  }

  /**
   * The default policy (sequential verdicts, 10/50/100, no soak), stable and candidate both at 0.5% 5xx
   * on 200 requests/s: promoted as soon as the evidence allows.
   */
  static WorkflowExecutionHistory sequentialPromoted(ReleaseTestEnvironment t) {
    given(t);
    t.metrics.requestsPerSecond(200);
    t.metrics.stable((percent, start, end) -> Signals.errors(0.005));
    t.metrics.candidate((percent, start, end) -> Signals.errors(0.005));
    ReleaseWorkflow release = t.startRelease(Releases.ofImage("rec-seq-promoted", RolloutPolicy.defaults()));
    return finish(t, release);
  }

  /** The default policy, a candidate with 20% 5xx: rolled back at 10% on the first look with evidence. */
  static WorkflowExecutionHistory sequentialRolledBack(ReleaseTestEnvironment t) {
    given(t);
    t.metrics.candidate((percent, start, end) -> Signals.errors(0.2));
    ReleaseWorkflow release = t.startRelease(Releases.ofImage("rec-seq-rolled-back", RolloutPolicy.defaults()));
    return finish(t, release);
  }

  /**
   * Operator commands through signals and updates under the default policy (10/50/100, sequential): a
   * denied deploy retried after the grant, a pause and resume at 10%, an approval gate at 50%, an ignored
   * signal, then promote before the last step.
   */
  static WorkflowExecutionHistory operated(ReleaseTestEnvironment t) {
    given(t);
    t.cloudRun.denyDeploys();
    RolloutPolicy gated = PolicyBuilder.defaults().approvalSteps(List.of(50)).build();
    ReleaseWorkflow release = t.startRelease(Releases.fromSource("rec-operated", gated));
    t.awaitStatus(release, s -> s.phase() == Phase.AWAITING_OPERATOR);
    t.cloudRun.grant();
    release.retry("granted run.developer");
    t.awaitStatus(release, s -> s.stepIndex() == 0 && s.phase() == Phase.VERIFYING);
    release.control(new Command(Action.PAUSE, "checking dashboards", "alice"));
    t.advance(Duration.ofMinutes(7));
    release.approve("too early: ignored");
    release.control(new Command(Action.RESUME, "fine", "alice"));
    t.awaitStatus(release, s -> s.phase() == Phase.AWAITING_APPROVAL);
    release.control(new Command(Action.APPROVE, "go", "alice"));
    t.awaitStatus(release, s -> s.stepIndex() == 1 && s.phase() == Phase.VERIFYING);
    release.promote("enough evidence");
    return finish(t, release);
  }

  /**
   * Transient faults under the default policy with {@code transientRetryFor: 2m}: the shift to 50% keeps
   * failing with a retryable UNAVAILABLE until the 2 minutes of automatic retries run out, the traffic is
   * rolled back and the release waits for the operator, who retries once the fault is gone: the release
   * starts again from 10%, where Monitoring reads fail (retryable INTERNAL) for 5 minutes of Inconclusive
   * looks, then is promoted.
   */
  static WorkflowExecutionHistory transientRetries(ReleaseTestEnvironment t) {
    given(t);
    RolloutPolicy policy = RolloutPolicy.defaults().withTransientRetryFor(Duration.ofMinutes(2));
    ReleaseWorkflow release = t.startRelease(Releases.ofImage("rec-transient", policy));
    t.awaitStatus(release, s -> s.stepIndex() == 0 && s.phase() == Phase.VERIFYING);
    t.cloudRun.failShiftsTransientlyWith("Unavailable");
    t.awaitStatus(release, s -> s.phase() == Phase.AWAITING_OPERATOR);
    t.cloudRun.failShiftsWith(null);
    t.metrics.failTransientlyWith("Internal");
    release.retry("the outage is over");
    t.awaitStatus(release, s -> s.stepIndex() == 0 && s.phase() == Phase.VERIFYING);
    t.advance(Duration.ofMinutes(5));
    t.metrics.failWith(null);
    return finish(t, release);
  }

  private static void given(ReleaseTestEnvironment t) {
    t.cloudRun.givenService(SERVICE, SERVING, "checkout-00042-def");
    t.metrics.requestsPerSecond(100);
  }

  static WorkflowExecutionHistory finish(ReleaseTestEnvironment t, ReleaseWorkflow release) {
    WorkflowStub stub = WorkflowStub.fromTyped(release);
    stub.getResult(ReleaseOutcome.class);
    return t.client().fetchHistory(stub.getExecution().getWorkflowId());
  }
}
