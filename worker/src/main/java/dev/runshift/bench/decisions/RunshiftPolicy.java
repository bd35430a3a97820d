package dev.runshift.bench.decisions;

import dev.runshift.health.Health;
import dev.runshift.health.HealthAnalysis;
import dev.runshift.health.Verdict;
import dev.runshift.policy.FailureAction;
import dev.runshift.policy.RolloutPolicy;
import dev.runshift.ports.ArmCounts;
import dev.runshift.ports.MetricPeriod;
import dev.runshift.ports.PeriodSeries;
import dev.runshift.ports.RevisionMetrics;
import dev.runshift.ports.WindowMetrics;
import java.time.Duration;
import java.util.List;

/**
 * A Runshift {@link RolloutPolicy}, decided by Runshift's own pure decision code, as the release workflow
 * calls it.
 *
 * <p>INTERIM: until the step judge lands on main, a look sums the step's visible periods into one
 * window and calls {@link HealthAnalysis} with the workflow's current step rules (soak, failure limit,
 * max wait for traffic). To be replaced by {@code ReleaseEvidence} and {@code StepJudge}.
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
    return new RunshiftPolicy("runshift", "Runshift RolloutPolicy.defaults()", RolloutPolicy.defaults());
  }

  /** Runshift's old threshold policy. */
  public static RunshiftPolicy oldThreshold() {
    return new RunshiftPolicy("threshold", "Runshift's old threshold policy: 5/25/50/100, 5 min soak, 1 min "
        + "analysis, >= 100 requests, <= 1% 5xx, 2 unhealthy in a row roll back", oldThresholdPolicy());
  }

  /**
   * Steps 5/25/50/100, 5-minute soak, 1-minute analysis interval, at least 100 requests, at most 1% 5xx,
   * 2 unhealthy verdicts in a row roll back, threshold analysis.
   */
  static RolloutPolicy oldThresholdPolicy() {
    return new RolloutPolicy(List.of(5, 25, 50, 100), Duration.ofMinutes(5), Duration.ofMinutes(1), 100, 0.01,
        null, null, null, null, null, 2, FailureAction.ROLLBACK, List.of(), Duration.ofHours(1), null, "candidate");
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
  public boolean checksLatency() {
    return policy.maxP50Ms() != null || policy.maxP95Ms() != null || policy.maxP99Ms() != null
        || policy.maxLatencyRatio() != null;
  }

  @Override
  public Release start(PeriodSeries baseline, long t0) {
    return new InterimRelease(baseline.endOr(t0 - Duration.ofHours(1).toMillis()));
  }

  /** INTERIM, see the class comment. */
  private final class InterimRelease implements Release {
    private long queryFrom;
    private long windowStart;
    private ArmCounts candidate = ArmCounts.empty();
    private ArmCounts stable = ArmCounts.empty();
    private int unhealthyInARow;

    InterimRelease(long queryFrom) {
      this.queryFrom = queryFrom;
    }

    @Override
    public void startStep(int index, long now) {
      windowStart = now;
      candidate = ArmCounts.empty();
      stable = ArmCounts.empty();
      unhealthyInARow = 0;
    }

    @Override
    public long queryFrom() {
      return queryFrom;
    }

    @Override
    public Move look(int index, long stepStart, long now, long visibleUntil, PeriodSeries fresh) {
      for (MetricPeriod p : fresh.periods()) {
        if (p.startEpochMillis() >= windowStart) {
          candidate = new ArmCounts(candidate.requests() + p.candidate().requests(),
              candidate.errors5xx() + p.candidate().errors5xx(), null);
          stable = new ArmCounts(stable.requests() + p.stable().requests(),
              stable.errors5xx() + p.stable().errors5xx(), null);
        }
      }
      queryFrom = fresh.endOr(queryFrom);
      Verdict verdict = HealthAnalysis.analyze(policy, new WindowMetrics(
          new RevisionMetrics(candidate.requests(), candidate.errors5xx(), null, null, null, 0),
          new RevisionMetrics(stable.requests(), stable.errors5xx(), null, null, null, 0), windowStart, now));
      unhealthyInARow = verdict.health() == Health.UNHEALTHY ? unhealthyInARow + 1 : 0;
      if (unhealthyInARow >= policy.failureLimit()) {
        return policy.onFailure() == FailureAction.ROLLBACK ? Move.ROLL_BACK : Move.ASK_OPERATOR;
      }
      long atStep = now - stepStart;
      if (verdict.health() == Health.HEALTHY && atStep >= policy.soak().toMillis()) {
        return Move.ADVANCE;
      }
      Duration maxWait = policy.maxWaitForTraffic();
      if (verdict.health() == Health.INCONCLUSIVE && maxWait != null
          && atStep >= policy.soak().plus(maxWait).toMillis()) {
        return Move.ASK_OPERATOR;
      }
      return Move.HOLD;
    }
  }
}
