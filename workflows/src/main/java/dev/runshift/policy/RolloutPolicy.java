package dev.runshift.policy;

import dev.runshift.ports.SmokeCheck;
import java.time.Duration;
import java.util.List;

/**
 * How a release moves traffic and judges health. Construct through {@link #validated()} (or the
 * defaults) so that an invalid policy is rejected with an {@link InvalidPolicyException} naming the
 * field and the value before any release uses it.
 *
 * @param steps candidate traffic percents, strictly increasing within 1..100, ending at 100
 * @param soak minimum time at each step before moving on
 * @param analysisInterval time between health checks during a step's soak
 * @param minRequests the candidate needs at least this many requests in a window for a verdict;
 *     fewer is Inconclusive, never Healthy
 * @param maxErrorRate maximum candidate 5xx rate, a fraction in [0, 1]
 * @param maxP50Ms optional absolute latency limits in milliseconds (null: not checked)
 * @param maxErrorRateIncrease optional: candidate 5xx rate may exceed stable's by at most this fraction
 * @param maxLatencyRatio optional: candidate p50/p95/p99 may be at most this multiple of stable's (&gt;= 1)
 * @param failureLimit consecutive Unhealthy verdicts that fail the release (&gt;= 1)
 * @param onFailure roll back or pause when the release fails
 * @param approvalSteps step percents that wait for an operator's approval before traffic moves there
 * @param maxWaitForTraffic how long a step may stay Inconclusive (too little traffic) past its soak
 *     before the release waits for an operator (null: until the release has made its
 *     {@link PolicyLimits#MAX_LOOKS} looks)
 * @param smoke optional HTTP checks against the candidate's tag URL before any user traffic
 * @param candidateTag the traffic tag given to the candidate while it is being released
 * @param verdict how sure a release must be before it acts, and which analysis it uses (null: the
 *     defaults, sequential analysis)
 * @param transientRetryFor how long a step's Google API calls are retried automatically, with backoff,
 *     on transient errors (UNAVAILABLE, INTERNAL, ABORTED, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, …) before
 *     the release waits for an operator (null: {@link #DEFAULT_TRANSIENT_RETRY})
 */
public record RolloutPolicy(
    List<Integer> steps,
    Duration soak,
    Duration analysisInterval,
    long minRequests,
    double maxErrorRate,
    Double maxP50Ms,
    Double maxP95Ms,
    Double maxP99Ms,
    Double maxErrorRateIncrease,
    Double maxLatencyRatio,
    int failureLimit,
    FailureAction onFailure,
    List<Integer> approvalSteps,
    Duration maxWaitForTraffic,
    SmokeCheck smoke,
    String candidateTag,
    VerdictPolicy verdict,
    Duration transientRetryFor) {

  /** How long transient Google API errors are retried unless the policy says otherwise. */
  public static final Duration DEFAULT_TRANSIENT_RETRY = Duration.ofMinutes(30);

  public RolloutPolicy {
    verdict = verdict == null ? VerdictPolicy.defaults() : verdict;
    transientRetryFor = transientRetryFor == null ? DEFAULT_TRANSIENT_RETRY : transientRetryFor;
  }

  /** This policy judged by {@code value}. */
  public RolloutPolicy withVerdict(VerdictPolicy value) {
    return PolicyBuilder.from(this).verdict(value).raw();
  }

  /** This policy retrying transient errors for {@code value}. */
  public RolloutPolicy withTransientRetryFor(Duration value) {
    return PolicyBuilder.from(this).transientRetryFor(value).raw();
  }

  /**
   * Steps 10, 50, 100; no minimum soak (a step lasts until the evidence decides); a look every minute; at
   * least 100 candidate requests per step; at most 1% 5xx (judged with evidence); the sequential
   * analysis of {@link VerdictPolicy#defaults()}; roll back on failure; ask the operator after 2 hours
   * without a decision at a step.
   */
  public static RolloutPolicy defaults() {
    return new RolloutPolicy(
        List.of(10, 50, 100),
        Duration.ZERO,
        Duration.ofMinutes(1),
        100,
        0.01,
        null,
        null,
        null,
        null,
        null,
        2,
        FailureAction.ROLLBACK,
        List.of(),
        Duration.ofHours(2),
        null,
        "candidate",
        VerdictPolicy.defaults(),
        DEFAULT_TRANSIENT_RETRY);
  }

  /** Returns this policy if valid; otherwise throws naming the first invalid field and its value. */
  public RolloutPolicy validated() {
    PolicyValidator.validate(this);
    return this;
  }
}
