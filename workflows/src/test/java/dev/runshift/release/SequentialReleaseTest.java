package dev.runshift.release;

import static dev.runshift.testing.Releases.SERVICE;
import static dev.runshift.testing.Releases.SERVING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runshift.health.Health;
import dev.runshift.health.Verdict;
import dev.runshift.health.VerdictEvidence;
import dev.runshift.health.VerdictEvidence.ArmSummary;
import dev.runshift.health.VerdictEvidence.Check;
import dev.runshift.health.VerdictEvidence.Role;
import dev.runshift.policy.Analysis;
import dev.runshift.policy.RolloutPolicy;
import dev.runshift.policy.VerdictPolicy;
import dev.runshift.testing.FakeMetricsSource.Signals;
import dev.runshift.testing.PeriodReads;
import dev.runshift.policy.PolicyBuilder;
import dev.runshift.testing.ReleaseTestEnvironment;
import dev.runshift.testing.Releases;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sequential verdicts end to end ({@link RolloutPolicy#defaults()}: steps 10, 50, 100; no soak; a look a
 * minute; alpha = beta = 1%), on the time-skipping test server with the in-memory fakes. The fakes' counts
 * carry no noise, so these tests are about what the release does with evidence, not about error rates of
 * the tests themselves (see {@code SequentialAnalysisMonteCarloTest} for those).
 */
class SequentialReleaseTest {
  private static final RolloutPolicy DEFAULTS = RolloutPolicy.defaults();
  /** The stable revisions of {@link Releases#SERVING}. */
  private static final List<String> STABLE = List.of("checkout-00041-abc", "checkout-00042-def");

  private ReleaseTestEnvironment t;

  private void start(Instant at) {
    t = at == null ? ReleaseTestEnvironment.start() : ReleaseTestEnvironment.startingAt(at);
    t.cloudRun.givenService(SERVICE, SERVING, "checkout-00042-def");
    t.metrics.requestsPerSecond(200);
    t.metrics.stable((percent, from, to) -> Signals.errors(0.005));
    t.metrics.candidate((percent, from, to) -> Signals.errors(0.005));
  }

  @AfterEach
  void tearDown() {
    if (t != null) {
      t.close();
    }
  }

  private static ReleaseOutcome result(ReleaseWorkflow release) {
    return WorkflowStub.fromTyped(release).getResult(ReleaseOutcome.class);
  }

  private List<Integer> candidatePercents(String releaseId) {
    String candidate = Releases.candidate(releaseId);
    return t.cloudRun.appliedMaps(SERVICE).stream().map(m -> m.percentOf(candidate)).toList();
  }

  private static Check check(VerdictEvidence evidence, String name) {
    return evidence.checks().stream().filter(c -> c.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no check " + name + " in " + evidence.checks()));
  }

  private static void assertBrackets(ArmSummary arm, double rate) {
    assertTrue(arm.requests() > 0, arm.toString());
    assertEquals((double) arm.errors5xx() / arm.requests(), arm.rate(), 1e-12);
    assertTrue(arm.rateLow() <= rate && rate <= arm.rateHigh(), rate + " outside " + arm);
    assertTrue(arm.rateLow() <= arm.rate() && arm.rate() <= arm.rateHigh(), arm.toString());
  }

  /** Every verdict the release announced (a decision is recorded whenever the health changes). */
  private static List<String> verdicts(ReleaseStatus status) {
    return status.decisions().stream().map(Decision::what).filter(w -> w.startsWith("verdict at ")).toList();
  }

  @ParameterizedTest(name = "first shift {0} after a whole minute")
  @ValueSource(ints = {5, 50})
  void aHealthyCandidateIsPromotedThroughEveryStepOnEvidence(int secondsIntoTheMinute) {
    start(Instant.parse("2026-03-02T09:00:00Z").plusSeconds(secondsIntoTheMinute));
    ReleaseWorkflow release = t.startRelease(Releases.ofImage("r-seq", DEFAULTS));
    ReleaseOutcome outcome = result(release);

    assertEquals(Phase.PROMOTED, outcome.phase(), outcome.reason());
    assertEquals("every step was healthy", outcome.reason());
    assertEquals(List.of(10, 50, 100, 100), candidatePercents("r-seq"));
    assertEquals(0, t.cloudRun.calls("rollback"));
    ReleaseStatus status = release.status();
    // At each step: inconclusive until the step's evidence suffices (at 10%, whether the first period
    // counts for the step depends on where in its minute the shift fell), then healthy; never unhealthy.
    String announced = String.join(", ", verdicts(status));
    assertTrue(announced.matches("(verdict at 10%: INCONCLUSIVE, )?verdict at 10%: HEALTHY, "
        + "(verdict at 50%: INCONCLUSIVE, )?verdict at 50%: HEALTHY, "
        + "(verdict at 100%: INCONCLUSIVE, )?verdict at 100%: HEALTHY"), announced);
    long took = PeriodReads.decidedAt(status, "promoted") - PeriodReads.decidedAt(status, "shifted to 10%");
    assertTrue(took <= Duration.ofMinutes(30).toMillis(), "no soak: the evidence decides; took " + took + " ms");

    // The last verdict (at 100%) and the evidence behind it.
    Verdict last = status.lastVerdict();
    assertEquals(Health.HEALTHY, last.health(), last.reason());
    assertNull(last.metrics(), "sequential verdicts carry evidence, not a window");
    VerdictEvidence evidence = last.evidence();
    assertNotNull(evidence);
    assertBrackets(evidence.candidate(), 0.005);
    assertBrackets(evidence.stable(), 0.005);
    assertBrackets(evidence.baseline(), 0.005);
    assertTrue(evidence.stepRequests() >= DEFAULTS.minRequests(), evidence.toString());
    assertTrue(evidence.periods() >= 3, evidence.toString());
    assertNull(evidence.needs(), "a healthy verdict needs nothing more");
    assertNotNull(evidence.errorRatio());
    assertTrue(evidence.errorRatioLow() <= 1 && 1 <= evidence.errorRatioHigh(),
        "the ratio interval holds the true ratio 1: " + evidence);
    // Given all traffic on evidence that it is not worse: by the ratio test on the same periods, by the
    // absolute margin, or against the baseline, whichever had the evidence first.
    List<Check> shown = evidence.checks().stream().filter(c -> c.role() == Role.ADVANCE && c.rejected()).toList();
    assertFalse(shown.isEmpty(), evidence.toString());
    for (Check c : shown) {
      assertTrue(c.eValue() >= c.threshold(), c.toString());
    }
    if (check(evidence, "errors.notWorse").rejected()) {
      assertTrue(evidence.errorRatioHigh() < DEFAULTS.verdict().detectErrorRatio(),
          "the ratio test's evidence excludes the detectable regression: " + evidence);
    }
    for (Check c : evidence.checks()) {
      if (c.role() == Role.ROLLBACK) {
        assertFalse(c.rejected(), "no harm shown: " + c);
        assertTrue(c.eValue() < c.threshold(), c.toString());
      }
    }
    assertTrue(last.reason().startsWith("healthy: no harm shown"), last.reason());

    PeriodReads.assertEachPeriodCountedOnce(t.metrics, status, DEFAULTS.verdict().baselineWindow(), true);
  }

  @Test
  void aCandidateWithTwentyPercent5xxIsRolledBackAtTenPercentToTheExactPreviousMap() {
    start(null);
    t.metrics.candidate((percent, from, to) -> Signals.errors(0.2));
    ReleaseWorkflow release = t.startRelease(Releases.ofImage("r-seq-bad", DEFAULTS));
    ReleaseOutcome outcome = result(release);

    assertEquals(Phase.ROLLED_BACK, outcome.phase(), outcome.reason());
    assertEquals(SERVING, outcome.finalTraffic());
    assertEquals(SERVING, t.cloudRun.traffic(SERVICE));
    assertEquals(List.of(10, 0), candidatePercents("r-seq-bad"));
    assertEquals(0, t.cloudRun.calls("promote"));

    ReleaseStatus status = release.status();
    Verdict verdict = status.lastVerdict();
    assertEquals(Health.UNHEALTHY, verdict.health());
    assertEquals(List.of("verdict at 10%: UNHEALTHY"), verdicts(status), "one look decides: evidence accumulates");
    // The reason names the check and its e-value, as the verdict's evidence records it.
    Check ratio = check(verdict.evidence(), "errors.ratio");
    assertEquals(Role.ROLLBACK, ratio.role());
    assertTrue(ratio.rejected() && ratio.eValue() >= ratio.threshold(), ratio.toString());
    assertEquals(3 / DEFAULTS.verdict().alpha(), ratio.threshold(), 1e-9,
        "alpha split over 3 harm checks (ratio, limit, baseline)");
    Matcher m = Pattern.compile("5xx ratio to stable above 1x \\(e-value ([0-9.e+]+) ≥ 300\\)")
        .matcher(outcome.reason());
    assertTrue(outcome.reason().startsWith("at 10%: unhealthy: "), outcome.reason());
    assertTrue(m.find(), outcome.reason());
    assertEquals(ratio.eValue(), Double.parseDouble(m.group(1)), ratio.eValue() * 0.01);
    assertTrue(verdict.evidence().errorRatioLow() > 1, "the ratio interval excludes 1: " + verdict.evidence());
    Decision rolledBack = status.decisions().stream().filter(d -> d.what().equals("rolling back")).findFirst()
        .orElseThrow();
    assertEquals(outcome.reason(), rolledBack.reason());
  }

  @Test
  void aCandidateWithTwentyPercent5xxIsNeverPromotedWhenStableServesNothing() {
    start(null);
    String candidate = Releases.candidate("r-seq-alone");
    // The stable revisions serve nothing, before or during the release: no comparison, no baseline.
    t.metrics.load((revision, percent, from) -> revision.equals(candidate) ? 200 * percent / 100.0 : 0);
    t.metrics.candidate((percent, from, to) -> Signals.errors(0.2));
    ReleaseWorkflow release = t.startRelease(Releases.ofImage("r-seq-alone", DEFAULTS));
    ReleaseOutcome outcome = result(release);

    assertEquals(Phase.ROLLED_BACK, outcome.phase(), outcome.reason());
    assertEquals(List.of(10, 0), candidatePercents("r-seq-alone"));
    assertEquals(0, t.cloudRun.calls("promote"));
    assertEquals(SERVING, t.cloudRun.traffic(SERVICE));
    ReleaseStatus status = release.status();
    assertFalse(verdicts(status).stream().anyMatch(v -> v.endsWith(": HEALTHY")), verdicts(status).toString());
    assertTrue(status.decisions().stream().anyMatch(d -> d.what().equals("baseline read")
        && d.reason().contains("no baseline")), status.decisions().toString());
    VerdictEvidence evidence = status.lastVerdict().evidence();
    assertNull(evidence.stable());
    assertNull(evidence.baseline());
    assertNull(evidence.errorRatio(), "nothing to compare with");
    Check limit = check(evidence, "errors.limit");
    assertTrue(limit.rejected(), limit.toString());
    assertEquals(2 / DEFAULTS.verdict().alpha(), limit.threshold(), 1e-9, "2 harm checks without a baseline");
    assertTrue(outcome.reason().contains("5xx rate above maxErrorRate 1.00% (e-value "), outcome.reason());
  }

  @Test
  void aHealthyCandidateWithNothingToCompareWithStaysInconclusiveAndAsksTheOperatorAfterMaxWait() {
    start(null);
    String candidate = Releases.candidate("r-seq-nothing");
    t.metrics.load((revision, percent, from) -> revision.equals(candidate) ? 200 * percent / 100.0 : 0);
    // A single step: all traffic at once, so leaving it needs evidence of "not worse" (a comparison).
    RolloutPolicy policy = PolicyBuilder.defaults().steps(100).build();
    ReleaseWorkflow release = t.startRelease(Releases.ofImage("r-seq-nothing", policy));

    ReleaseStatus waiting = t.awaitStatus(release, s -> s.phase() == Phase.AWAITING_OPERATOR,
        Duration.ofMinutes(1), Duration.ofHours(3));
    assertEquals(StepFailures.INSUFFICIENT_TRAFFIC, waiting.failure().type());
    assertEquals("verify", waiting.failure().step());
    assertTrue(waiting.failure().message().contains("maxWaitForTraffic PT2H"), waiting.failure().message());
    long held = PeriodReads.decidedAt(waiting, "awaiting operator") - PeriodReads.decidedAt(waiting, "shifted to 100%");
    assertTrue(held >= policy.maxWaitForTraffic().toMillis(), "asked after " + held + " ms");
    assertTrue(held < policy.maxWaitForTraffic().plusMinutes(2).toMillis(), "asked after " + held + " ms");
    assertEquals(List.of("verdict at 100%: INCONCLUSIVE"), verdicts(waiting), "never HEALTHY");
    assertEquals(100, t.cloudRun.traffic(SERVICE).percentOf(candidate), "traffic is held, not promoted");
    assertEquals(0, t.cloudRun.calls("promote"));

    Verdict verdict = waiting.lastVerdict();
    assertEquals(Health.INCONCLUSIVE, verdict.health());
    VerdictEvidence evidence = verdict.evidence();
    assertTrue(evidence.stepRequests() > 1_000_000, "plenty of candidate traffic: " + evidence.stepRequests());
    assertNull(evidence.stable());
    assertNull(evidence.baseline());
    assertTrue(evidence.needs().startsWith("something to compare with"), evidence.needs());
    assertTrue(verdict.reason().contains("Needs something to compare with"), verdict.reason());
    assertTrue(waiting.failure().message().contains(evidence.needs()), waiting.failure().message());
    assertFalse(check(evidence, "errors.notWorse").rejected());

    release.abort("no baseline to judge it by");
    assertEquals(Phase.ABORTED, result(release).phase());
    assertEquals(SERVING, t.cloudRun.traffic(SERVICE));
  }

  @Test
  void aSingleStepReleaseIsJudgedAgainstTheStableRevisionsOwnTrafficBeforeIt() {
    start(null);
    RolloutPolicy policy = PolicyBuilder.defaults().steps(100).build();
    ReleaseWorkflow release = t.startRelease(Releases.ofImage("r-seq-single", policy));
    ReleaseOutcome outcome = result(release);

    assertEquals(Phase.PROMOTED, outcome.phase(), outcome.reason());
    assertEquals(List.of(100, 100), candidatePercents("r-seq-single"));
    ReleaseStatus status = release.status();
    // The hour before the release: 59 whole periods of 12,000 stable requests at 0.5% 5xx.
    assertEquals("stable served 708000 requests with 3540 5xx in the PT1H before the release",
        status.decisions().stream().filter(d -> d.what().equals("baseline read")).findFirst().orElseThrow().reason());
    VerdictEvidence evidence = status.lastVerdict().evidence();
    assertNull(evidence.stable(), "stable served nothing during the release");
    assertEquals(708_000, evidence.baseline().requests());
    assertBrackets(evidence.baseline(), 0.005);
    assertBrackets(evidence.candidate(), 0.005);
    assertTrue(check(evidence, "errors.notWorseBaseline").rejected(), evidence.checks().toString());
    assertFalse(check(evidence, "errors.notWorse").rejected(), "no concurrent comparison");
    assertFalse(check(evidence, "errors.baseline").rejected());
  }

  @Test
  void statusWhileVerifyingShowsTheVerdictEvidence() {
    start(null);
    // No baseline, so that at 50% the comparison with stable on the same periods has to decide (the
    // baseline's 708,000 requests would show the candidate not worse at the first look).
    RolloutPolicy noBaseline = DEFAULTS.withVerdict(new VerdictPolicy(Analysis.SEQUENTIAL,
        DEFAULTS.verdict().alpha(), DEFAULTS.verdict().beta(), DEFAULTS.verdict().maxErrorRatio(),
        DEFAULTS.verdict().detectErrorRatio(), DEFAULTS.verdict().detectErrorIncrease(), Duration.ZERO));
    ReleaseWorkflow release = t.startRelease(Releases.ofImage("r-seq-status", noBaseline));
    ReleaseStatus status = t.awaitStatus(release, s -> s.stepIndex() == 1 && s.phase() == Phase.VERIFYING
        && s.lastVerdict() != null && s.lastVerdict().reason().startsWith("inconclusive")
        && s.lastVerdict().evidence().stepRequests() > 0, Duration.ofSeconds(20), Duration.ofMinutes(30));

    Verdict verdict = status.lastVerdict();
    assertEquals(Health.INCONCLUSIVE, verdict.health());
    VerdictEvidence evidence = verdict.evidence();
    assertNotNull(evidence, "the query's answer carries the evidence");
    assertBrackets(evidence.candidate(), 0.005);
    assertBrackets(evidence.stable(), 0.005);
    assertNull(evidence.baseline(), "no baseline was asked for");
    assertTrue(evidence.periods() >= 2, evidence.toString());
    assertTrue(evidence.needs().startsWith("evidence that the candidate is not worse than stable by 2x"),
        evidence.needs());
    assertTrue(verdict.reason().endsWith("Needs " + evidence.needs()), verdict.reason());
    List<String> names = evidence.checks().stream().map(Check::name).toList();
    assertEquals(List.of("errors.ratio", "errors.limit", "errors.notWorse", "errors.notWorseAbsolute"), names);
    for (Check c : evidence.checks()) {
      assertTrue(c.eValue() >= 0 && Double.isFinite(c.eValue()), c.toString());
      assertFalse(c.hypothesis().isBlank(), c.toString());
      assertFalse(c.role() == Role.ROLLBACK && c.rejected(), c.toString());
    }
    assertEquals(50, status.traffic().percentOf(Releases.candidate("r-seq-status")));
    release.abort("seen enough");
    assertEquals(Phase.ABORTED, result(release).phase());
  }
}
