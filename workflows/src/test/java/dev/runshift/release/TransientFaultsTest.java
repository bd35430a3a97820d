package dev.runshift.release;

import static dev.runshift.testing.Releases.SERVICE;
import static dev.runshift.testing.Releases.SERVING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runshift.health.Health;
import dev.runshift.policy.RolloutPolicy;
import dev.runshift.policy.PolicyBuilder;
import dev.runshift.testing.ReleaseTestEnvironment;
import dev.runshift.testing.Releases;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Transient Google API faults (retryable failures in the fakes) never need an operator while the
 * policy's {@code transientRetryFor} lasts; when they outlast it the release parks and says so truthfully;
 * a failed metrics read is an Inconclusive look, never a rollback, also at 100%; a retry after a failed
 * shift was rolled back starts again from the first step.
 */
class TransientFaultsTest {
  /** Threshold plumbing policy (5, 25, 50, 100; 5-minute soak), transient errors retried for 10 minutes. */
  private static final RolloutPolicy POLICY =
      PolicyBuilder.threshold().transientRetryFor(Duration.ofMinutes(10)).build();

  private ReleaseTestEnvironment t;

  @BeforeEach
  void setUp() {
    t = ReleaseTestEnvironment.start();
    t.cloudRun.givenService(SERVICE, SERVING, "checkout-00042-def");
    t.metrics.requestsPerSecond(100);
  }

  @AfterEach
  void tearDown() {
    t.close();
  }

  @Test
  void shiftFaultsShorterThanTransientRetryForAreRetriedWithoutAnOperator() {
    ReleaseWorkflow release = t.startRelease(Releases.ofImage("r-flaky", POLICY));
    t.awaitStatus(release, s -> s.stepIndex() == 0 && s.phase() == Phase.VERIFYING);
    int shiftsBefore = t.cloudRun.calls("shiftTraffic");
    t.cloudRun.failShiftsTransientlyWith("Unavailable");
    // The soak ends after 5 minutes; the shift to 25% then fails for the next 4 minutes.
    t.awaitStatus(release, s -> t.cloudRun.calls("shiftTraffic") > shiftsBefore + 3, Duration.ofSeconds(20), Duration.ofHours(1));
    t.advance(Duration.ofMinutes(4));
    ReleaseStatus during = release.status();
    assertNull(during.failure(), "nobody is asked while transient errors are retried");
    assertEquals(Phase.SHIFTING, during.phase());
    t.cloudRun.failShiftsWith(null);

    ReleaseOutcome outcome = ReleaseTestEnvironment.outcome(release);
    assertEquals(Phase.PROMOTED, outcome.phase(), outcome.reason());
    assertEquals(List.of(5, 25, 50, 100, 100), t.candidatePercents("r-flaky"));
    assertFalse(release.status().decisions().stream().anyMatch(d -> d.what().contains("rolling back")));
  }

  @Test
  void faultsOutlastingTransientRetryForParkTheReleaseSayingSoAndRetryStartsFromTheFirstStep() {
    ReleaseWorkflow release = t.startRelease(Releases.ofImage("r-outage", POLICY));
    t.awaitStatus(release, s -> s.stepIndex() == 1 && s.phase() == Phase.VERIFYING);
    t.cloudRun.failShiftsTransientlyWith("Internal");
    long faultsFrom = t.env.currentTimeMillis();
    ReleaseStatus parked = t.awaitStatus(release, s -> s.phase() == Phase.AWAITING_OPERATOR);
    long parkedAfter = t.env.currentTimeMillis() - faultsFrom;

    assertTrue(parked.failure().message().contains("Automatic retries with backoff"), parked.failure().message());
    assertTrue(parked.failure().message().contains("waits for an operator"), parked.failure().message());
    assertFalse(parked.failure().message().contains("will be retried"), parked.failure().message());
    assertTrue(parkedAfter >= Duration.ofMinutes(10).toMillis(), "retried for the policy's 10 minutes: " + parkedAfter);
    assertTrue(t.cloudRun.calls("shiftTraffic") > 5, "retried: " + t.cloudRun.calls("shiftTraffic"));
    assertEquals(SERVING, t.cloudRun.traffic(SERVICE), "traffic restored while waiting");

    t.cloudRun.failShiftsWith(null);
    release.retry("the outage is over");
    ReleaseOutcome outcome = ReleaseTestEnvironment.outcome(release);
    assertEquals(Phase.PROMOTED, outcome.phase(), outcome.reason());
    // 25% was undone by the rollback: the release shows 5% and 25% healthy again before 50%.
    assertEquals(List.of(5, 25, 0, 5, 25, 50, 100, 100), t.candidatePercents("r-outage"));
  }

  @Test
  void aMonitoringReadThatKeepsFailingAt100PercentHoldsAndNeverRollsBack() {
    RolloutPolicy policy = RolloutPolicy.defaults(); // sequential verdicts: 10, 50, 100
    ReleaseWorkflow release = t.startRelease(Releases.ofImage("r-blind-100", policy));
    t.awaitStatus(release, s -> s.stepIndex() == 2 && s.phase() == Phase.VERIFYING);
    t.metrics.failTransientlyWith("Internal");
    int reads = t.metrics.periodReads().size();

    t.advance(Duration.ofMinutes(30));
    ReleaseStatus blind = release.status();
    assertEquals(Phase.VERIFYING, blind.phase());
    assertEquals(2, blind.stepIndex());
    assertNull(blind.failure());
    assertEquals(Health.INCONCLUSIVE, blind.lastVerdict().health(), blind.lastVerdict().reason());
    assertTrue(blind.lastVerdict().reason().contains("could not be read"), blind.lastVerdict().reason());
    assertEquals(0, t.cloudRun.calls("rollback"));
    assertTrue(t.metrics.periodReads().size() - reads >= 30 * 2, "each look's read is retried by its activity");

    t.metrics.failWith(null);
    ReleaseOutcome outcome = ReleaseTestEnvironment.outcome(release);
    assertEquals(Phase.PROMOTED, outcome.phase(), outcome.reason());
    assertEquals(0, t.cloudRun.calls("rollback"));
  }
}
