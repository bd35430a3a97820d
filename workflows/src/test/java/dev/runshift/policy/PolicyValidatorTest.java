package dev.runshift.policy;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runshift.ports.SmokeCheck;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PolicyValidatorTest {
  private static final SmokeCheck SMOKE = new SmokeCheck("/healthz", 200, Duration.ofSeconds(5), 3);

  @Test
  void defaultsAreValid() {
    assertDoesNotThrow(() -> RolloutPolicy.defaults().validated());
  }

  @Test
  void aFullyConfiguredPolicyIsValid() {
    RolloutPolicy policy = PolicyBuilder.defaults()
        .steps(1, 10, 100).soak(Duration.ZERO).analysisInterval(Duration.ofMinutes(10))
        .minRequests(0).maxErrorRate(0).maxP50Ms(100.0).maxP95Ms(300.0).maxP99Ms(1000.0)
        .maxErrorRateIncrease(0.0).maxLatencyRatio(1.0).failureLimit(1).onFailure(FailureAction.PAUSE)
        .approvalSteps(List.of(10, 100)).maxWaitForTraffic(null).smoke(SMOKE).candidateTag("canary-2")
        .raw();
    assertDoesNotThrow(policy::validated);
  }

  @Test
  void anAnalysisIntervalLongerThanTheSoakIsAllowed() {
    assertDoesNotThrow(() -> PolicyBuilder.defaults()
        .soak(Duration.ofMinutes(1)).analysisInterval(Duration.ofMinutes(5)).build());
  }

  @Test
  void singleStepStraightTo100IsValid() {
    assertDoesNotThrow(() -> PolicyBuilder.defaults().steps(100).build());
  }

  static Stream<Arguments> invalidPolicies() {
    return Stream.of(
        invalid("steps", "[]", b -> b.steps(List.of())),
        invalid("steps", "null", b -> b.steps((List<Integer>) null)),
        invalid("steps[1]", "5", b -> b.steps(5, 5, 100)),
        invalid("steps[1]", "10", b -> b.steps(25, 10, 100)),
        invalid("steps[0]", "0", b -> b.steps(0, 50, 100)),
        invalid("steps[0]", "-5", b -> b.steps(-5, 100)),
        invalid("steps[2]", "120", b -> b.steps(5, 50, 120)),
        invalid("steps[1]", "null", b -> b.steps(Arrays.asList(5, null, 100))),
        invalid("steps", "[5, 25, 50]", b -> b.steps(5, 25, 50)),
        invalid("soak", "null", b -> b.soak(null)),
        invalid("soak", "PT-1S", b -> b.soak(Duration.ofSeconds(-1))),
        invalid("analysisInterval", "null", b -> b.analysisInterval(null)),
        invalid("analysisInterval", "PT0S", b -> b.analysisInterval(Duration.ZERO)),
        invalid("analysisInterval", "PT-1M", b -> b.analysisInterval(Duration.ofMinutes(-1))),
        invalid("minRequests", "-1", b -> b.minRequests(-1)),
        invalid("maxErrorRate", "-0.01", b -> b.maxErrorRate(-0.01)),
        invalid("maxErrorRate", "1.5", b -> b.maxErrorRate(1.5)),
        invalid("maxErrorRate", "NaN", b -> b.maxErrorRate(Double.NaN)),
        invalid("maxP50Ms", "0.0", b -> b.maxP50Ms(0.0)),
        invalid("maxP95Ms", "-3.0", b -> b.maxP95Ms(-3.0)),
        invalid("maxP99Ms", "NaN", b -> b.maxP99Ms(Double.NaN)),
        invalid("maxP99Ms", "Infinity", b -> b.maxP99Ms(Double.POSITIVE_INFINITY)),
        invalid("maxErrorRateIncrease", "-0.1", b -> b.maxErrorRateIncrease(-0.1)),
        invalid("maxErrorRateIncrease", "1.01", b -> b.maxErrorRateIncrease(1.01)),
        invalid("maxErrorRateIncrease", "NaN", b -> b.maxErrorRateIncrease(Double.NaN)),
        invalid("maxLatencyRatio", "0.9", b -> b.maxLatencyRatio(0.9)),
        invalid("maxLatencyRatio", "NaN", b -> b.maxLatencyRatio(Double.NaN)),
        invalid("failureLimit", "0", b -> b.failureLimit(0)),
        invalid("onFailure", "null", b -> b.onFailure(null)),
        invalid("approvalSteps", "[30]", b -> b.approvalSteps(List.of(30))),
        invalid("approvalSteps", "[25, 25]", b -> b.approvalSteps(List.of(25, 25))),
        invalid("maxWaitForTraffic", "PT-1H", b -> b.maxWaitForTraffic(Duration.ofHours(-1))),
        // Bounds: the values of issue 12 that wedged releases, and the limits just past each bound.
        invalid("analysisInterval", "PT0.001S", b -> b.analysisInterval(Duration.ofMillis(1))),
        invalid("analysisInterval", "PT0.999S", b -> b.analysisInterval(Duration.ofMillis(999))),
        invalid("analysisInterval", "PT4800000000000H", b -> b.analysisInterval(Duration.ofDays(200_000_000_000L))),
        invalid("analysisInterval", "PT1H0.001S", b -> b.analysisInterval(Duration.ofHours(1).plusMillis(1))),
        invalid("soak", "PT2562047788015215H", b -> b.soak(Duration.parse("PT2562047788015215H"))),
        invalid("soak", "PT168H0.001S", b -> b.soak(Duration.ofDays(7).plusMillis(1))),
        invalid("maxWaitForTraffic", "PT2562047788015215H",
            b -> b.maxWaitForTraffic(Duration.parse("PT2562047788015215H"))),
        invalid("maxWaitForTraffic", "PT169H", b -> b.maxWaitForTraffic(Duration.ofHours(169))),
        invalid("transientRetryFor", "PT59S", b -> b.transientRetryFor(Duration.ofSeconds(59))),
        invalid("transientRetryFor", "PT24H0.001S", b -> b.transientRetryFor(Duration.ofDays(1).plusMillis(1))),
        invalid("failureLimit", "101", b -> b.failureLimit(101)),
        invalid("smoke.count", "101", b -> b.smoke(new SmokeCheck("/", 200, Duration.ofSeconds(1), 101))),
        invalid("smoke.timeout", "PT5M0.001S",
            b -> b.smoke(new SmokeCheck("/", 200, Duration.ofMinutes(5).plusMillis(1), 1))),
        // 6 steps of (7 days + 7 days) / 1 hour + 1 = 337 looks: 2,022 looks, more than MAX_LOOKS.
        invalid("analysisInterval", "PT1H", b -> b.steps(10, 20, 30, 40, 50, 100).soak(Duration.ofDays(7))
            .maxWaitForTraffic(Duration.ofDays(7)).analysisInterval(Duration.ofHours(1))),
        invalid("smoke.count", "0", b -> b.smoke(new SmokeCheck("/", 200, Duration.ofSeconds(1), 0))),
        invalid("smoke.expectedStatus", "99", b -> b.smoke(new SmokeCheck("/", 99, Duration.ofSeconds(1), 1))),
        invalid("smoke.expectedStatus", "600", b -> b.smoke(new SmokeCheck("/", 600, Duration.ofSeconds(1), 1))),
        invalid("smoke.timeout", "PT0S", b -> b.smoke(new SmokeCheck("/", 200, Duration.ZERO, 1))),
        invalid("smoke.timeout", "null", b -> b.smoke(new SmokeCheck("/", 200, null, 1))),
        invalid("smoke.path", "healthz", b -> b.smoke(new SmokeCheck("healthz", 200, Duration.ofSeconds(1), 1))),
        invalid("smoke.path", "null", b -> b.smoke(new SmokeCheck(null, 200, Duration.ofSeconds(1), 1))),
        invalid("candidateTag", "null", b -> b.candidateTag(null)),
        invalid("candidateTag", "", b -> b.candidateTag("")),
        invalid("candidateTag", "Canary", b -> b.candidateTag("Canary")),
        invalid("candidateTag", "2canary", b -> b.candidateTag("2canary")),
        invalid("candidateTag", "canary-", b -> b.candidateTag("canary-")),
        invalid("candidateTag", "can_ary", b -> b.candidateTag("can_ary")),
        invalid("candidateTag", "a".repeat(47), b -> b.candidateTag("a".repeat(47))));
  }

  private static Arguments invalid(String field, String value, UnaryOperator<PolicyBuilder> change) {
    return Arguments.of(field, value, change);
  }

  @ParameterizedTest(name = "{0} = {1} is rejected")
  @MethodSource("invalidPolicies")
  void rejectsNamingFieldAndValue(String field, String value, UnaryOperator<PolicyBuilder> change) {
    RolloutPolicy policy = change.apply(PolicyBuilder.defaults()).raw();
    InvalidPolicyException e = assertThrows(InvalidPolicyException.class, policy::validated);
    assertEquals(field, e.field());
    assertTrue(e.getMessage().contains(field + " = " + value), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"c", "candidate", "canary-2", "a1-b2-c3"})
  void acceptsCloudRunTags(String tag) {
    assertDoesNotThrow(() -> PolicyBuilder.defaults().candidateTag(tag).build());
  }

  @Test
  void acceptsATagOfExactly46Characters() {
    assertDoesNotThrow(() -> PolicyBuilder.defaults().candidateTag("a".repeat(46)).build());
  }

  @Test
  void thePolicyAtEveryBoundIsValidAndFitsTheLookBudget() {
    RolloutPolicy atBounds = PolicyBuilder.defaults().steps(100).soak(PolicyLimits.MAX_SOAK)
        .maxWaitForTraffic(PolicyLimits.MAX_WAIT_FOR_TRAFFIC).analysisInterval(PolicyLimits.MAX_ANALYSIS_INTERVAL)
        .transientRetryFor(PolicyLimits.MAX_TRANSIENT_RETRY).failureLimit(PolicyLimits.MAX_FAILURE_LIMIT)
        .smoke(new SmokeCheck("/", 200, PolicyLimits.MAX_SMOKE_TIMEOUT, PolicyLimits.MAX_SMOKE_COUNT)).raw();
    assertDoesNotThrow(atBounds::validated);
    assertEquals(2 * 7 * 24 + 1, PolicyLimits.looksNeeded(atBounds));
    assertDoesNotThrow(() -> PolicyBuilder.defaults().analysisInterval(PolicyLimits.MIN_ANALYSIS_INTERVAL)
        .maxWaitForTraffic(Duration.ofMinutes(10)).transientRetryFor(PolicyLimits.MIN_TRANSIENT_RETRY).build());
  }

  @Test
  void theLookBudgetCountsEveryStepWaitingItsSoakAndMaxWait() {
    RolloutPolicy policy = PolicyBuilder.defaults().steps(10, 50, 100).soak(Duration.ofMinutes(5))
        .maxWaitForTraffic(Duration.ofMinutes(55)).analysisInterval(Duration.ofMinutes(1)).raw();
    assertEquals(3 * 61, PolicyLimits.looksNeeded(policy));
    assertEquals(3 * 6, PolicyLimits.looksNeeded(PolicyBuilder.from(policy).maxWaitForTraffic(null).raw()));
    // 2,000 looks exactly is allowed; one more step of them is not.
    RolloutPolicy exact = PolicyBuilder.defaults().steps(50, 100).soak(Duration.ZERO)
        .maxWaitForTraffic(Duration.ofSeconds(999)).analysisInterval(Duration.ofSeconds(1)).raw();
    assertEquals(PolicyLimits.MAX_LOOKS, PolicyLimits.looksNeeded(exact));
    assertDoesNotThrow(exact::validated);
    InvalidPolicyException e = assertThrows(InvalidPolicyException.class,
        () -> PolicyBuilder.from(exact).steps(10, 50, 100).raw().validated());
    assertTrue(e.getMessage().contains("3000 looks"), e.getMessage());
  }

  @Test
  void aPolicyWithoutTransientRetryForRetriesForTheDefault() {
    assertEquals(RolloutPolicy.DEFAULT_TRANSIENT_RETRY, RolloutPolicy.defaults().transientRetryFor());
    assertEquals(Duration.ofMinutes(30), PolicyBuilder.defaults().transientRetryFor(null).build().transientRetryFor());
  }

  @Test
  void nullPolicyIsRejected() {
    InvalidPolicyException e = assertThrows(InvalidPolicyException.class, () -> PolicyValidator.validate(null));
    assertEquals("policy", e.field());
  }
}
