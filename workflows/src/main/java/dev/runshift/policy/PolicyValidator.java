package dev.runshift.policy;

import dev.runshift.ports.SmokeCheck;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks every field of a {@link RolloutPolicy} and throws an {@link InvalidPolicyException} naming the
 * first invalid field and its value.
 *
 * <p>Optional fields ({@code maxP50Ms}, {@code maxP95Ms}, {@code maxP99Ms}, {@code maxErrorRateIncrease},
 * {@code maxLatencyRatio}, {@code maxWaitForTraffic}, {@code smoke}) may be null; a null
 * {@code approvalSteps} means no gates. An {@code analysisInterval} longer than {@code soak} is allowed:
 * a step then lasts at least one analysis interval, because a step only advances on a Healthy verdict and
 * the first verdict comes one interval after the traffic change. A {@code soak} of zero is allowed
 * (advance on the first Healthy verdict).
 *
 * <p>Every duration and count has an upper bound ({@link PolicyLimits}), so no accepted policy can
 * overflow a release's time arithmetic, and the looks its steps can need fit in
 * {@link PolicyLimits#MAX_LOOKS}, which bounds the release's history.
 */
final class PolicyValidator {
  /** Cloud Run traffic tags become part of a URL host name: a lowercase DNS-label prefix. */
  private static final Pattern TAG = Pattern.compile("[a-z]([a-z0-9-]*[a-z0-9])?");

  static final int MAX_TAG_LENGTH = 46;

  private PolicyValidator() {}

  static void validate(RolloutPolicy policy) {
    if (policy == null) {
      throw new InvalidPolicyException("policy", null, "a release needs a rollout policy");
    }
    validateSteps(policy.steps());
    validateDurations(policy);
    validateThresholds(policy);
    if (policy.failureLimit() < 1 || policy.failureLimit() > PolicyLimits.MAX_FAILURE_LIMIT) {
      throw new InvalidPolicyException(
          "failureLimit", policy.failureLimit(), "must be within 1.." + PolicyLimits.MAX_FAILURE_LIMIT);
    }
    if (policy.onFailure() == null) {
      throw new InvalidPolicyException("onFailure", null, "must be ROLLBACK or PAUSE");
    }
    validateApprovalSteps(policy.approvalSteps(), policy.steps());
    validateSmoke(policy.smoke());
    validateTag(policy.candidateTag());
    validateVerdict(policy.verdict());
  }

  /** Bounds that keep every statement a verdict makes meaningful. */
  private static void validateVerdict(VerdictPolicy v) {
    if (v.analysis() == null) {
      throw new InvalidPolicyException("verdict.analysis", null, "must be SEQUENTIAL or THRESHOLD");
    }
    if (!(v.alpha() > 0 && v.alpha() <= 0.5)) {
      throw new InvalidPolicyException("verdict.alpha", v.alpha(), "must be a probability in (0, 0.5]");
    }
    if (!(v.beta() > 0 && v.beta() <= 0.5)) {
      throw new InvalidPolicyException("verdict.beta", v.beta(), "must be a probability in (0, 0.5]");
    }
    if (!(v.maxErrorRatio() >= 1 && v.maxErrorRatio() <= 100)) {
      throw new InvalidPolicyException("verdict.maxErrorRatio", v.maxErrorRatio(), "must be a ratio within 1..100");
    }
    if (!(v.detectErrorRatio() > v.maxErrorRatio() && v.detectErrorRatio() <= 1000)) {
      throw new InvalidPolicyException("verdict.detectErrorRatio", v.detectErrorRatio(),
          "must be above maxErrorRatio (" + v.maxErrorRatio() + ") and at most 1000");
    }
    if (!(v.detectErrorIncrease() >= 0 && v.detectErrorIncrease() <= 1)) {
      throw new InvalidPolicyException("verdict.detectErrorIncrease", v.detectErrorIncrease(),
          "must be a fraction in [0, 1]");
    }
    if (v.baselineWindow() == null || v.baselineWindow().isNegative()
        || v.baselineWindow().compareTo(Duration.ofDays(7)) > 0) {
      throw new InvalidPolicyException("verdict.baselineWindow", v.baselineWindow(),
          "must be a duration from 0 (no baseline) to 7 days");
    }
  }

  private static void validateSteps(List<Integer> steps) {
    if (steps == null || steps.isEmpty()) {
      throw new InvalidPolicyException("steps", steps, "needs at least one step, ending at 100");
    }
    int previous = 0;
    for (int i = 0; i < steps.size(); i++) {
      Integer step = steps.get(i);
      if (step == null || step < 1 || step > 100) {
        throw new InvalidPolicyException("steps[" + i + "]", step, "must be a percent within 1..100");
      }
      if (step <= previous) {
        throw new InvalidPolicyException(
            "steps[" + i + "]", step, "steps must be strictly increasing (previous was " + previous + ")");
      }
      previous = step;
    }
    if (previous != 100) {
      throw new InvalidPolicyException("steps", steps, "the last step must be 100");
    }
  }

  private static void validateDurations(RolloutPolicy policy) {
    if (!within(policy.soak(), Duration.ZERO, PolicyLimits.MAX_SOAK)) {
      throw new InvalidPolicyException("soak", policy.soak(), "must be a duration from 0 to " + PolicyLimits.MAX_SOAK);
    }
    if (!within(policy.analysisInterval(), PolicyLimits.MIN_ANALYSIS_INTERVAL, PolicyLimits.MAX_ANALYSIS_INTERVAL)) {
      throw new InvalidPolicyException("analysisInterval", policy.analysisInterval(),
          "must be a duration from " + PolicyLimits.MIN_ANALYSIS_INTERVAL + " to " + PolicyLimits.MAX_ANALYSIS_INTERVAL);
    }
    if (policy.maxWaitForTraffic() != null
        && !within(policy.maxWaitForTraffic(), Duration.ZERO, PolicyLimits.MAX_WAIT_FOR_TRAFFIC)) {
      throw new InvalidPolicyException("maxWaitForTraffic", policy.maxWaitForTraffic(),
          "must be a duration from 0 to " + PolicyLimits.MAX_WAIT_FOR_TRAFFIC + " (null: until the release's "
              + PolicyLimits.MAX_LOOKS + " looks are spent)");
    }
    if (!within(policy.transientRetryFor(), PolicyLimits.MIN_TRANSIENT_RETRY, PolicyLimits.MAX_TRANSIENT_RETRY)) {
      throw new InvalidPolicyException("transientRetryFor", policy.transientRetryFor(),
          "must be a duration from " + PolicyLimits.MIN_TRANSIENT_RETRY + " to " + PolicyLimits.MAX_TRANSIENT_RETRY);
    }
    long looks = PolicyLimits.looksNeeded(policy);
    if (looks > PolicyLimits.MAX_LOOKS) {
      throw new InvalidPolicyException("analysisInterval", policy.analysisInterval(),
          policy.steps().size() + " steps of soak " + policy.soak() + " + maxWaitForTraffic " + policy.maxWaitForTraffic()
              + " could need " + looks + " looks, more than the " + PolicyLimits.MAX_LOOKS
              + " that keep a release's history bounded: lengthen analysisInterval, or shorten soak or maxWaitForTraffic");
    }
  }

  private static void validateThresholds(RolloutPolicy policy) {
    if (policy.minRequests() < 0) {
      throw new InvalidPolicyException("minRequests", policy.minRequests(), "must not be negative");
    }
    if (!isFraction(policy.maxErrorRate())) {
      throw new InvalidPolicyException("maxErrorRate", policy.maxErrorRate(), "must be a fraction in [0, 1]");
    }
    checkLatencyLimit("maxP50Ms", policy.maxP50Ms());
    checkLatencyLimit("maxP95Ms", policy.maxP95Ms());
    checkLatencyLimit("maxP99Ms", policy.maxP99Ms());
    Double increase = policy.maxErrorRateIncrease();
    if (increase != null && !isFraction(increase)) {
      throw new InvalidPolicyException("maxErrorRateIncrease", increase, "must be a fraction in [0, 1]");
    }
    Double ratio = policy.maxLatencyRatio();
    if (ratio != null && !(ratio >= 1.0 && Double.isFinite(ratio))) {
      throw new InvalidPolicyException("maxLatencyRatio", ratio, "must be a finite ratio of at least 1");
    }
  }

  private static void checkLatencyLimit(String field, Double limitMs) {
    if (limitMs != null && !(limitMs > 0 && Double.isFinite(limitMs))) {
      throw new InvalidPolicyException(field, limitMs, "must be a positive number of milliseconds");
    }
  }

  private static void validateApprovalSteps(List<Integer> approvalSteps, List<Integer> steps) {
    if (approvalSteps == null) {
      return;
    }
    Set<Integer> seen = new HashSet<>();
    for (Integer gate : approvalSteps) {
      if (gate == null || !steps.contains(gate)) {
        throw new InvalidPolicyException("approvalSteps", approvalSteps, gate + " is not one of the steps " + steps);
      }
      if (!seen.add(gate)) {
        throw new InvalidPolicyException("approvalSteps", approvalSteps, gate + " is listed twice");
      }
    }
  }

  private static void validateSmoke(SmokeCheck smoke) {
    if (smoke == null) {
      return;
    }
    if (smoke.path() == null || !smoke.path().startsWith("/")) {
      throw new InvalidPolicyException("smoke.path", smoke.path(), "must start with '/'");
    }
    if (smoke.expectedStatus() < 100 || smoke.expectedStatus() > 599) {
      throw new InvalidPolicyException(
          "smoke.expectedStatus", smoke.expectedStatus(), "must be an HTTP status within 100..599");
    }
    if (!isPositive(smoke.timeout()) || smoke.timeout().compareTo(PolicyLimits.MAX_SMOKE_TIMEOUT) > 0) {
      throw new InvalidPolicyException(
          "smoke.timeout", smoke.timeout(), "must be a positive duration of at most " + PolicyLimits.MAX_SMOKE_TIMEOUT);
    }
    if (smoke.count() < 1 || smoke.count() > PolicyLimits.MAX_SMOKE_COUNT) {
      throw new InvalidPolicyException("smoke.count", smoke.count(), "must be within 1.." + PolicyLimits.MAX_SMOKE_COUNT);
    }
  }

  private static void validateTag(String tag) {
    if (tag == null || tag.length() > MAX_TAG_LENGTH || !TAG.matcher(tag).matches()) {
      throw new InvalidPolicyException(
          "candidateTag",
          tag,
          "must be a Cloud Run traffic tag: lowercase letters, digits and '-', starting with a letter,"
              + " not ending with '-', at most " + MAX_TAG_LENGTH + " characters");
    }
  }

  /** {@code duration} is set and within {@code [min, max]}. */
  private static boolean within(Duration duration, Duration min, Duration max) {
    return duration != null && duration.compareTo(min) >= 0 && duration.compareTo(max) <= 0;
  }

  private static boolean isPositive(Duration duration) {
    return duration != null && !duration.isNegative() && !duration.isZero();
  }

  private static boolean isFraction(double value) {
    return value >= 0.0 && value <= 1.0; // false for NaN
  }
}
