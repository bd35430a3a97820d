package dev.runshift.policy;

import dev.runshift.ports.SmokeCheck;
import java.time.Duration;
import java.util.List;

/**
 * Builds {@link RolloutPolicy} variants by name, starting from {@link RolloutPolicy#defaults()} (sequential
 * verdicts), from {@link #threshold()} (the earlier defaults, judged by the threshold rule) or from any
 * policy: the fields not named keep their value. {@link #build()} validates; {@link #raw()} does not.
 */
public final class PolicyBuilder {
  private List<Integer> steps;
  private Duration soak;
  private Duration analysisInterval;
  private long minRequests;
  private double maxErrorRate;
  private Double maxP50Ms;
  private Double maxP95Ms;
  private Double maxP99Ms;
  private Double maxErrorRateIncrease;
  private Double maxLatencyRatio;
  private int failureLimit;
  private FailureAction onFailure;
  private List<Integer> approvalSteps;
  private Duration maxWaitForTraffic;
  private SmokeCheck smoke;
  private String candidateTag;
  private VerdictPolicy verdict;
  private Duration transientRetryFor;

  private PolicyBuilder(RolloutPolicy p) {
    steps = p.steps();
    soak = p.soak();
    analysisInterval = p.analysisInterval();
    minRequests = p.minRequests();
    maxErrorRate = p.maxErrorRate();
    maxP50Ms = p.maxP50Ms();
    maxP95Ms = p.maxP95Ms();
    maxP99Ms = p.maxP99Ms();
    maxErrorRateIncrease = p.maxErrorRateIncrease();
    maxLatencyRatio = p.maxLatencyRatio();
    failureLimit = p.failureLimit();
    onFailure = p.onFailure();
    approvalSteps = p.approvalSteps();
    maxWaitForTraffic = p.maxWaitForTraffic();
    smoke = p.smoke();
    candidateTag = p.candidateTag();
    verdict = p.verdict();
    transientRetryFor = p.transientRetryFor();
  }

  public static PolicyBuilder defaults() {
    return new PolicyBuilder(RolloutPolicy.defaults());
  }

  /**
   * The defaults from before sequential verdicts, judged by the threshold rule: steps 5, 25, 50, 100; a
   * 5-minute soak; a look every minute; at least 100 candidate requests; at most 1% 5xx; 2 unhealthy
   * verdicts in a row fail the step; roll back on failure; ask the operator after 1 hour without a
   * decision past the soak. For tests about threshold semantics, or about step plumbing that wants fixed
   * step timings, and for the benchmarks' threshold anchor.
   */
  public static PolicyBuilder threshold() {
    return defaults()
        .steps(5, 25, 50, 100)
        .soak(Duration.ofMinutes(5))
        .analysisInterval(Duration.ofMinutes(1))
        .minRequests(100)
        .maxErrorRate(0.01)
        .failureLimit(2)
        .onFailure(FailureAction.ROLLBACK)
        .approvalSteps(List.of())
        .maxWaitForTraffic(Duration.ofHours(1))
        .verdict(VerdictPolicy.threshold());
  }

  public static PolicyBuilder from(RolloutPolicy policy) {
    return new PolicyBuilder(policy);
  }

  public PolicyBuilder steps(Integer... value) { steps = java.util.Arrays.asList(value); return this; }
  public PolicyBuilder steps(List<Integer> value) { steps = value; return this; }
  public PolicyBuilder soak(Duration value) { soak = value; return this; }
  public PolicyBuilder analysisInterval(Duration value) { analysisInterval = value; return this; }
  public PolicyBuilder minRequests(long value) { minRequests = value; return this; }
  public PolicyBuilder maxErrorRate(double value) { maxErrorRate = value; return this; }
  public PolicyBuilder maxP50Ms(Double value) { maxP50Ms = value; return this; }
  public PolicyBuilder maxP95Ms(Double value) { maxP95Ms = value; return this; }
  public PolicyBuilder maxP99Ms(Double value) { maxP99Ms = value; return this; }
  public PolicyBuilder maxErrorRateIncrease(Double value) { maxErrorRateIncrease = value; return this; }
  public PolicyBuilder maxLatencyRatio(Double value) { maxLatencyRatio = value; return this; }
  public PolicyBuilder failureLimit(int value) { failureLimit = value; return this; }
  public PolicyBuilder onFailure(FailureAction value) { onFailure = value; return this; }
  public PolicyBuilder approvalSteps(List<Integer> value) { approvalSteps = value; return this; }
  public PolicyBuilder maxWaitForTraffic(Duration value) { maxWaitForTraffic = value; return this; }
  public PolicyBuilder smoke(SmokeCheck value) { smoke = value; return this; }
  public PolicyBuilder candidateTag(String value) { candidateTag = value; return this; }
  public PolicyBuilder verdict(VerdictPolicy value) { verdict = value; return this; }
  public PolicyBuilder transientRetryFor(Duration value) { transientRetryFor = value; return this; }

  /** The policy as given, not validated (to test the validator). */
  public RolloutPolicy raw() {
    return new RolloutPolicy(steps, soak, analysisInterval, minRequests, maxErrorRate, maxP50Ms, maxP95Ms,
        maxP99Ms, maxErrorRateIncrease, maxLatencyRatio, failureLimit, onFailure, approvalSteps,
        maxWaitForTraffic, smoke, candidateTag, verdict, transientRetryFor);
  }

  public RolloutPolicy build() {
    return raw().validated();
  }
}
