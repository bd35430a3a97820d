package dev.runshift.release;

import static dev.runshift.testing.Releases.SERVICE;
import static dev.runshift.testing.Releases.SERVING;

import dev.runshift.health.ReleaseEvidence;
import dev.runshift.policy.Analysis;
import dev.runshift.policy.FailureAction;
import dev.runshift.policy.InvalidPolicyException;
import dev.runshift.policy.PolicyLimits;
import dev.runshift.policy.RolloutPolicy;
import dev.runshift.policy.VerdictPolicy;
import dev.runshift.ports.ArmCounts;
import dev.runshift.ports.MetricPeriod;
import dev.runshift.ports.PeriodSeries;
import dev.runshift.ports.SmokeCheck;
import dev.runshift.release.Command.Action;
import dev.runshift.testing.FakeMetricsSource.Signals;
import dev.runshift.policy.PolicyBuilder;
import dev.runshift.testing.ReleaseTestEnvironment;
import dev.runshift.testing.Releases;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowTaskFailedCause;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.common.WorkflowExecutionHistory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Property tests over random policies (issue 12): a policy the validator accepts never makes the release
 * throw, neither in the pure decision path nor in a workflow run on the time-skipping test server, and the
 * release's history stays under {@link #EVENT_BOUND} events. Wild policies (null, negative, tiny and
 * overflowing durations) are either accepted or rejected with an {@link InvalidPolicyException}, nothing
 * else.
 */
class PolicyPropertiesTest {
  /**
   * About 11 events a look ({@link PolicyLimits#MAX_LOOKS} at most, 12 allowed); up to 30 a step for
   * what happens outside looks (the shift, an approval gate, the operator's answer to a question, the
   * search attribute upserts of phase changes; a policy has at most 100 steps); and 1,000 for the rest
   * (deploy, baseline, promotion). Under 28,000: about half of the 51,200 at which Temporal stops a
   * workflow.
   */
  static final int EVENT_BOUND = 12 * PolicyLimits.MAX_LOOKS + 30 * 100 + 1_000;

  // ---- pure decision path ------------------------------------------------------------------------------

  @Property(tries = 2_000)
  void wildPoliciesAreAcceptedOrRejectedWithANamedFieldNothingElse(@ForAll("wildPolicies") RolloutPolicy raw) {
    RolloutPolicy policy;
    try {
      policy = raw.validated();
    } catch (InvalidPolicyException rejected) {
      Statistics.label("validator").collect("rejected " + rejected.field());
      return;
    }
    Statistics.label("validator").collect("accepted");
    decideEveryLook(policy, new Random(policy.hashCode()));
  }

  @Property(tries = 500)
  void theDecisionPathNeverThrowsForAcceptedPolicies(@ForAll("acceptedPolicies") RolloutPolicy policy,
      @ForAll long seed) {
    decideEveryLook(policy, new Random(seed));
  }

  /**
   * Every step of {@code policy}, each looked at up to 8 times an interval apart (the evidence grows with
   * every look, so more would only slow the test) and once at the largest epoch millisecond, with random
   * counts, paused or not: StepJudge must answer every look.
   */
  private static void decideEveryLook(RolloutPolicy policy, Random random) {
    long start = ReleaseTestEnvironment.START.toEpochMilli();
    ReleaseEvidence evidence = ReleaseEvidence.start(policy, random.nextBoolean() ? PeriodSeries.empty()
        : series(start - 3_600_000L, 60, random));
    long interval = policy.analysisInterval().toMillis();
    long perStep = Math.min(PolicyLimits.looksNeeded(policy) / policy.steps().size() + 1, 8);
    long now = start;
    for (int index = 0; index < policy.steps().size(); index++) {
      evidence.startStep(index, now);
      long stepStart = now;
      for (int look = 0; look < perStep; look++) {
        now += interval;
        evidence.add(series(evidence.queryFrom(), 1 + random.nextInt(3), random));
        StepJudge.look(policy, evidence, new StepClock(index, stepStart, now, random.nextInt(10) == 0));
        StepJudge.unread(policy, evidence, new StepClock(index, stepStart, now, false), "fault");
      }
      StepJudge.look(policy, evidence, new StepClock(index, stepStart, Long.MAX_VALUE, false));
    }
  }

  private static PeriodSeries series(long from, int periods, Random random) {
    List<MetricPeriod> list = new ArrayList<>();
    long at = Math.max(from, ReleaseTestEnvironment.START.toEpochMilli() - 7_200_000L);
    for (int i = 0; i < periods; i++) {
      list.add(new MetricPeriod(at, at + 60_000L, counts(random), counts(random)));
      at += 60_000L;
    }
    return new PeriodSeries(list, List.of());
  }

  private static ArmCounts counts(Random random) {
    long requests = random.nextInt(5) == 0 ? 0 : random.nextInt(10_000);
    long errors = requests == 0 ? 0 : (long) (requests * (random.nextBoolean() ? 0.001 : random.nextDouble()));
    return new ArmCounts(requests, errors, null);
  }

  // ---- workflow runs on the time-skipping test server --------------------------------------------------

  /**
   * A release under a random accepted policy, with random traffic (none, little, plenty) and a random
   * candidate (healthy, failing, slow), driven to its end by an operator who approves every gate and skips
   * every step the release asks about: no workflow task may fail, and the history stays bounded.
   */
  @Property(tries = 10)
  void aReleaseUnderAnAcceptedPolicyNeverFailsAWorkflowTaskAndItsHistoryStaysBounded(
      @ForAll("acceptedPolicies") RolloutPolicy policy, @ForAll("loads") double requestsPerSecond,
      @ForAll("candidates") Signals candidate) {
    WorkflowExecutionHistory history = runToTheEnd(policy, requestsPerSecond, candidate, "r-property");
    int events = history.getEvents().size();
    Statistics.label("history events").collect(events / 1_000 * 1_000 + "+");
    assertBounded(history);
  }

  /**
   * The longest history a release can have without an operator's retries: no candidate request ever
   * comes, maxWaitForTraffic unset, a look every second, three steps. The release spends its
   * {@link PolicyLimits#MAX_LOOKS} looks, then asks the operator at every step instead of looking.
   */
  @Example
  void aReleaseThatSpendsItsWholeLookBudgetStaysUnderTheBound() {
    RolloutPolicy policy = PolicyBuilder.defaults().steps(10, 50, 100).analysisInterval(Duration.ofSeconds(1))
        .maxWaitForTraffic(null).build();
    WorkflowExecutionHistory history = runToTheEnd(policy, 0, Signals.healthy(), "r-budget");
    long looks = history.getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_STARTED).count();
    System.out.println("look budget spent: " + history.getEvents().size() + " history events, " + looks
        + " looks (bound " + EVENT_BOUND + ")");
    if (looks < PolicyLimits.MAX_LOOKS || looks > PolicyLimits.MAX_LOOKS + 3) {
      throw new AssertionError(looks + " looks: the budget is " + PolicyLimits.MAX_LOOKS + " (+1 timer per question)");
    }
    assertBounded(history);
  }

  private static void assertBounded(WorkflowExecutionHistory history) {
    List<String> failedTasks = history.getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED)
        // The server's own race, not the workflow's code: an operator command arrived while the task
        // completed the workflow, so the server asks for a new task that sees it (the SDK runs it at once).
        .filter(e -> e.getWorkflowTaskFailedEventAttributes().getCause()
            != WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND)
        .map(e -> e.getWorkflowTaskFailedEventAttributes().getCause() + ": "
            + e.getWorkflowTaskFailedEventAttributes().getFailure().getMessage())
        .toList();
    if (!failedTasks.isEmpty()) {
      throw new AssertionError(failedTasks.size() + " workflow tasks failed: " + failedTasks);
    }
    if (history.getEvents().size() > EVENT_BOUND) {
      throw new AssertionError(history.getEvents().size() + " events, more than " + EVENT_BOUND);
    }
    EventType last = history.getLastEvent().getEventType();
    if (last != EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED) {
      throw new AssertionError("the release did not complete: " + last);
    }
  }

  private static WorkflowExecutionHistory runToTheEnd(
      RolloutPolicy policy, double requestsPerSecond, Signals candidate, String releaseId) {
    try (ReleaseTestEnvironment t = ReleaseTestEnvironment.start()) {
      t.cloudRun.givenService(SERVICE, SERVING, "checkout-00042-def");
      String candidateRevision = Releases.candidate(releaseId);
      t.metrics.load((revision, percent, from) ->
          (revision.equals(candidateRevision) ? requestsPerSecond : 100) * percent / 100.0);
      t.metrics.candidate((percent, from, to) -> candidate);
      ReleaseWorkflow release = t.startRelease(Releases.ofImage(releaseId, policy));
      CompletableFuture<ReleaseOutcome> outcome =
          WorkflowStub.fromTyped(release).getResultAsync(ReleaseOutcome.class);
      // Coarse steps of workflow time: the release's own timers fire inside them.
      Duration step = Duration.ofMillis(Math.max(60_000L, policy.analysisInterval().toMillis() * 20));
      // The operator approves every gate and skips every step the release asks about. The driver does not
      // read the status query: after thousands of looks its answer outgrows gRPC's 4 MB (see the report).
      for (int i = 0; i < 20_000; i++) {
        if (outcome.isDone()) {
          return RecordedReleases.finish(t, release);
        }
        if (!accepted(release, Action.APPROVE) && !accepted(release, Action.SKIP)) {
          t.advance(step);
        }
      }
      throw new AssertionError("the release did not end");
    }
  }

  /** Whether the release's update validator accepted {@code action} now (it rejects what makes no sense). */
  private static boolean accepted(ReleaseWorkflow release, Action action) {
    try {
      release.control(new Command(action, "property test", "jqwik"));
      return true;
    } catch (WorkflowUpdateException rejected) {
      return false;
    } catch (WorkflowNotFoundException ended) {
      return false; // it ended meanwhile: the outcome says so next
    }
  }

  // ---- generators ------------------------------------------------------------------------------------

  @Provide
  Arbitrary<Double> loads() {
    return Arbitraries.of(0.0, 0.5, 100.0);
  }

  @Provide
  Arbitrary<Signals> candidates() {
    return Arbitraries.of(Signals.healthy(), Signals.errors(0.2), Signals.slow(5));
  }

  /** Policies inside every bound, their looks within the budget. */
  @Provide
  Arbitrary<RolloutPolicy> acceptedPolicies() {
    Arbitrary<List<Integer>> steps = Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(0, 4)),
            net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(5, 99)))
        .flatMap(n -> Arbitraries.integers().between(1, 99).set().ofSize(n))
        .map(set -> {
          List<Integer> list = new ArrayList<>(new TreeSet<>(set));
          list.add(100);
          return list;
        });
    Arbitrary<Duration> interval = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(1, Arbitraries.just(PolicyLimits.MIN_ANALYSIS_INTERVAL)),
        net.jqwik.api.Tuple.of(1, Arbitraries.just(PolicyLimits.MAX_ANALYSIS_INTERVAL)),
        net.jqwik.api.Tuple.of(4, Arbitraries.longs().between(1, 3_600).map(Duration::ofSeconds)));
    return Combinators.combine(steps, interval, Arbitraries.doubles().between(0, 1),
            Arbitraries.doubles().between(0, 1), Arbitraries.integers().between(0, 10),
            Arbitraries.of(Analysis.values()), Arbitraries.of(FailureAction.values()), Arbitraries.longs().between(0, 1_000))
        .as((s, i, soakShare, waitShare, gates, analysis, onFailure, minRequests) -> {
          // Split the looks a step may use between soak and maxWaitForTraffic, within their own maxima.
          long perStep = PolicyLimits.MAX_LOOKS / s.size() - 1;
          Duration room = i.multipliedBy(perStep);
          Duration soak = min(PolicyLimits.MAX_SOAK, scaled(room, soakShare * 0.5));
          Duration wait = waitShare < 0.2 ? null
              : min(PolicyLimits.MAX_WAIT_FOR_TRAFFIC, scaled(room.minus(soak), waitShare));
          List<Integer> approvals = gates < 2 ? List.of(s.get(s.size() - 1)) : List.of();
          VerdictPolicy verdict = VerdictPolicy.defaults().withAnalysis(analysis);
          return PolicyBuilder.defaults().steps(s).analysisInterval(i).soak(soak).maxWaitForTraffic(wait)
              .approvalSteps(approvals).verdict(verdict).onFailure(onFailure).minRequests(minRequests)
              .failureLimit(1 + gates).transientRetryFor(Duration.ofMinutes(1 + gates)).build();
        });
  }

  /** Any value for every duration and count the bounds are about, from null to overflowing. */
  @Provide
  Arbitrary<RolloutPolicy> wildPolicies() {
    return Combinators.combine(wildDurations(), wildDurations(), wildDurations(), wildDurations(),
            Arbitraries.integers().between(-1, 200), wildDurations(), Arbitraries.integers().between(-1, 200))
        .as((soak, interval, wait, retry, failureLimit, smokeTimeout, smokeCount) -> PolicyBuilder.defaults()
            .soak(soak).analysisInterval(interval).maxWaitForTraffic(wait).transientRetryFor(retry)
            .failureLimit(failureLimit)
            .smoke(smokeCount == 0 ? null : new SmokeCheck("/healthz", 200, smokeTimeout, smokeCount))
            .raw());
  }

  private static Arbitrary<Duration> wildDurations() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(1, Arbitraries.just((Duration) null)),
        net.jqwik.api.Tuple.of(1, Arbitraries.of(Duration.ZERO, Duration.ofMillis(1), Duration.ofSeconds(-1),
            Duration.ofDays(200_000_000_000L), Duration.parse("PT2562047788015215H"),
            Duration.ofSeconds(Long.MAX_VALUE), Duration.ofSeconds(Long.MIN_VALUE))),
        net.jqwik.api.Tuple.of(3, Arbitraries.longs().between(0, 10_000_000L).map(Duration::ofMillis)),
        net.jqwik.api.Tuple.of(3, Arbitraries.longs().between(0, 30L * 24 * 60).map(Duration::ofMinutes)));
  }

  private static Duration scaled(Duration d, double share) {
    return Duration.ofMillis((long) (d.toMillis() * share));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
