package dev.runshift.bench.decisions;

import dev.runshift.health.ReleaseEvidence;
import dev.runshift.policy.PolicyBuilder;
import dev.runshift.policy.RolloutPolicy;
import dev.runshift.ports.PeriodSeries;
import dev.runshift.release.Look;
import dev.runshift.release.StepClock;
import dev.runshift.release.StepJudge;
import java.time.Duration;
import java.util.List;

/**
 * A Runshift {@link RolloutPolicy}, decided by the release workflow's own pure decision code, called as
 * the workflow calls it: one {@link ReleaseEvidence} per release, started on the stable revisions'
 * baseline periods; {@link ReleaseEvidence#startStep} at every traffic change; at every look the periods
 * of {@code [evidence.queryFrom(), now)} added, then {@link StepJudge#look} on a {@link StepClock}
 * (never paused), whose action the release follows.
 */
public final class RunshiftPolicy implements PolicyUnderTest {
  private final String name;
  private final String description;
  private final RolloutPolicy policy;

  public RunshiftPolicy(String name, String description, RolloutPolicy policy) {
    this.name = name;
    this.description = description;
    this.policy = policy.validated();
  }

  /** Runshift's default policy, {@link RolloutPolicy#defaults()}. */
  public static RunshiftPolicy defaults() {
    RolloutPolicy p = RolloutPolicy.defaults();
    return new RunshiftPolicy("runshift", "Runshift RolloutPolicy.defaults(): " + p.steps().stream()
        .map(String::valueOf).reduce((a, b) -> a + "/" + b).orElse("") + ", " + p.verdict().analysis()
        .name().toLowerCase(java.util.Locale.ROOT) + " analysis (alpha " + p.verdict().alpha() + ", beta "
        + p.verdict().beta() + "), look every " + p.analysisInterval().toMinutes() + " min", p);
  }

  /** Runshift's old threshold policy. */
  public static RunshiftPolicy oldThreshold() {
    return new RunshiftPolicy("threshold", "Runshift's old threshold policy: 5/25/50/100, 5 min soak, 1 min "
        + "analysis, >= 100 requests, <= 1% 5xx, 2 unhealthy in a row roll back", oldThresholdPolicy());
  }

  /**
   * Steps 5/25/50/100, 5-minute soak, 1-minute analysis interval, at least 100 requests, at most 1% 5xx,
   * 2 unhealthy verdicts in a row roll back, ask the operator after 1 hour without traffic enough, and
   * threshold analysis (the window since the step began).
   */
  static RolloutPolicy oldThresholdPolicy() {
    return PolicyBuilder.threshold().build();
  }

  public RolloutPolicy policy() {
    return policy;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public List<Integer> steps() {
    return policy.steps();
  }

  @Override
  public Duration interval() {
    return policy.analysisInterval();
  }

  @Override
  public Duration baselineWindow() {
    return policy.verdict().baselineWindow();
  }

  @Override
  public boolean checksLatency() {
    return policy.maxP50Ms() != null || policy.maxP95Ms() != null || policy.maxP99Ms() != null
        || policy.maxLatencyRatio() != null;
  }

  @Override
  public Release start(PeriodSeries baseline, long t0) {
    ReleaseEvidence evidence = ReleaseEvidence.start(policy, baseline);
    return new Release() {
      @Override
      public void startStep(int index, long now) {
        evidence.startStep(index, now);
      }

      @Override
      public long queryFrom() {
        return evidence.queryFrom();
      }

      @Override
      public Move look(int index, long stepStart, long now, long visibleUntil, PeriodSeries fresh) {
        evidence.add(fresh);
        Look look = StepJudge.look(policy, evidence, new StepClock(index, stepStart, now, false));
        return switch (look.action().kind()) {
          case ADVANCE -> Move.ADVANCE;
          case ROLL_BACK -> Move.ROLL_BACK;
          case HOLD -> Move.HOLD;
          case ASK_OPERATOR -> Move.ASK_OPERATOR;
        };
      }
    };
  }
}
