package dev.runshift.release;

import static dev.runshift.testing.Releases.SERVICE;
import static dev.runshift.testing.Releases.SERVING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runshift.events.EventNotice;
import dev.runshift.events.ReleaseEvent;
import dev.runshift.health.Health;
import dev.runshift.policy.PolicyBuilder;
import dev.runshift.policy.RolloutPolicy;
import dev.runshift.testing.FakeMetricsSource.Signals;
import dev.runshift.testing.ReleaseTestEnvironment;
import dev.runshift.testing.Releases;
import io.temporal.client.WorkflowStub;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The events a release records and sends to the notifier, under the default policy (10/50/100,
 * sequential verdicts) on the time-skipping test server with the in-memory fakes.
 */
class ReleaseEventsTest {
  private ReleaseTestEnvironment t;

  @AfterEach
  void tearDown() {
    if (t != null) {
      t.close();
    }
  }

  private void given(ReleaseTestEnvironment env, double candidateErrors) {
    t = env;
    t.cloudRun.givenService(SERVICE, SERVING, "checkout-00042-def");
    t.metrics.requestsPerSecond(200);
    t.metrics.stable((percent, from, to) -> Signals.errors(0.005));
    t.metrics.candidate((percent, from, to) -> Signals.errors(candidateErrors));
  }

  private ReleaseStatus run(String releaseId, Phase expected) {
    ReleaseWorkflow release = t.startRelease(Releases.ofImage(releaseId, RolloutPolicy.defaults()));
    ReleaseOutcome outcome = WorkflowStub.fromTyped(release).getResult(ReleaseOutcome.class);
    assertEquals(expected, outcome.phase(), outcome.reason());
    return release.status();
  }

  private static List<String> types(List<ReleaseEvent> events) {
    return events.stream().map(ReleaseEvent::typeName).toList();
  }

  private static List<ReleaseEvent> decisions(ReleaseStatus status) {
    return status.events().stream().filter(ReleaseEvent::decision).toList();
  }

  /** Ids {@code <releaseId>-1..n} in order, time never going back, decisions derived line for line. */
  private static void assertWellFormed(String releaseId, ReleaseStatus status) {
    List<ReleaseEvent> events = status.events();
    assertEquals(IntStream.rangeClosed(1, events.size()).mapToObj(n -> releaseId + "-" + n).toList(),
        events.stream().map(ReleaseEvent::id).toList());
    for (int i = 1; i < events.size(); i++) {
      assertTrue(events.get(i).at() >= events.get(i - 1).at(), events.toString());
    }
    List<ReleaseEvent> decisions = decisions(status);
    assertEquals(decisions.size(), status.decisions().size());
    for (int i = 0; i < decisions.size(); i++) {
      Decision line = status.decisions().get(i);
      ReleaseEvent event = decisions.get(i);
      assertEquals(List.of(event.at(), event.what(), String.valueOf(event.reason()), String.valueOf(event.by())),
          List.of(line.atEpochMillis(), line.what(), String.valueOf(line.reason()), String.valueOf(line.by())));
    }
  }

  private static Set<String> ids(List<ReleaseEvent> events) {
    return events.stream().map(ReleaseEvent::id).collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void aPromotedReleaseRecordsAndSendsItsEventsInOrder() {
    given(ReleaseTestEnvironment.withEvents(), 0.005);
    ReleaseStatus status = run("ev-promoted", Phase.PROMOTED);

    assertWellFormed("ev-promoted", status);
    assertEquals(List.of("started", "deployed", "shifted", "noted", "verdict", "shifted", "verdict", "shifted",
        "verdict", "promoted"), types(decisions(status)));
    List<ReleaseEvent.Shifted> shifts = status.events().stream()
        .filter(ReleaseEvent.Shifted.class::isInstance).map(ReleaseEvent.Shifted.class::cast).toList();
    assertEquals(List.of(10, 50, 100), shifts.stream().map(ReleaseEvent.Shifted::percent).toList());
    ReleaseEvent.Promoted end = (ReleaseEvent.Promoted) status.events().get(status.events().size() - 1);
    assertEquals(100, end.traffic().percentOf(Releases.candidate("ev-promoted")));
    assertTrue(end.terminal());
    status.events().stream().filter(ReleaseEvent.VerdictGiven.class::isInstance)
        .map(e -> ((ReleaseEvent.VerdictGiven) e).verdict())
        .forEach(v -> assertNotNull(v.evidence(), "a sequential verdict carries its evidence: " + v));

    // Every decision was delivered exactly once (no failures, so no retries), each with its release.
    List<EventNotice> received = t.notifier.received();
    assertEquals(ids(decisions(status)), ids(received.stream().map(EventNotice::event).toList()));
    assertEquals(received.size(), ids(received.stream().map(EventNotice::event).toList()).size());
    received.forEach(n -> {
      assertEquals(SERVICE, n.service());
      assertEquals("ev-promoted", n.releaseId());
      assertEquals(Releases.ofImage("ev-promoted", RolloutPolicy.defaults()).image(), n.image());
    });
  }

  @Test
  void aRolledBackReleaseRecordsAndSendsItsEventsInOrder() {
    given(ReleaseTestEnvironment.withEvents(), 0.2);
    ReleaseStatus status = run("ev-rolled-back", Phase.ROLLED_BACK);

    assertWellFormed("ev-rolled-back", status);
    assertEquals(List.of("started", "deployed", "shifted", "noted", "verdict", "noted", "traffic-restored",
        "rolled-back"), types(decisions(status)));
    ReleaseEvent.VerdictGiven harm = status.events().stream()
        .filter(ReleaseEvent.VerdictGiven.class::isInstance).map(ReleaseEvent.VerdictGiven.class::cast)
        .filter(v -> v.verdict().health() == Health.UNHEALTHY).findFirst().orElseThrow();
    assertEquals(10, harm.percent());
    assertNotNull(harm.verdict().evidence().errorRatioLow(), "the ratio interval of the harmful look");
    assertTrue(harm.verdict().evidence().errorRatioLow() > 1, harm.verdict().evidence().toString());
    ReleaseEvent.TrafficRestored restored = status.events().stream()
        .filter(ReleaseEvent.TrafficRestored.class::isInstance).map(ReleaseEvent.TrafficRestored.class::cast)
        .findFirst().orElseThrow();
    assertEquals(SERVING, restored.traffic());
    ReleaseEvent.RolledBack end = (ReleaseEvent.RolledBack) status.events().get(status.events().size() - 1);
    assertEquals(SERVING, end.traffic());

    assertEquals(ids(decisions(status)), ids(t.notifier.received().stream().map(EventNotice::event).toList()));
  }

  @Test
  void aFailingSinkNeitherBlocksNorFailsTheReleaseAndEachLossIsRecorded() {
    given(ReleaseTestEnvironment.withEvents(), 0.005);
    t.notifier.failWith("503 from the webhook");
    ReleaseStatus status = run("ev-sink-down", Phase.PROMOTED);

    List<ReleaseEvent> sent = decisions(status).stream()
        .filter(e -> !(e instanceof ReleaseEvent.NotificationLost)).toList();
    List<ReleaseEvent.NotificationLost> lost = status.events().stream()
        .filter(ReleaseEvent.NotificationLost.class::isInstance).map(ReleaseEvent.NotificationLost.class::cast)
        .toList();
    assertEquals(ids(sent), lost.stream().map(ReleaseEvent.NotificationLost::eventId)
        .collect(Collectors.toCollection(TreeSet::new)));
    // Lost after the sink's error, or (the last few) still retrying when the release ended.
    lost.forEach(l -> assertTrue(l.error().contains("503 from the webhook") || l.error().contains("still being sent"),
        l.toString()));
    assertTrue(lost.stream().anyMatch(l -> l.error().contains("503 from the webhook")), lost.toString());
    int maxAttempts = ReleaseNotifications.NOTIFY.getRetryOptions().getMaximumAttempts();
    assertTrue(t.notifier.attempts() > sent.size() && t.notifier.attempts() <= sent.size() * maxAttempts,
        t.notifier.attempts() + " attempts for " + sent.size() + " events: retried, and bounded");
    assertTrue(t.notifier.received().isEmpty());
    assertTrue(status.decisions().stream().anyMatch(d -> d.what().equals("notification lost")));
  }

  /**
   * A deployment that sends events but runs no notify worker: the release still ends, at most
   * {@link ReleaseNotifications#DRAIN} later, and says which events were not delivered. (The test server
   * does not skip time while an activity waits unpolled, so this runs in real time: an approval gate and
   * an abort keep it short.)
   */
  @Test
  void withNobodyPollingNotifyTheReleaseStillEndsAndSaysWhatWasNotDelivered() {
    given(ReleaseTestEnvironment.withEventsAndNoNotifyWorker(), 0.005);
    RolloutPolicy gated = PolicyBuilder.defaults().approvalSteps(List.of(10)).build();
    ReleaseWorkflow release = t.startRelease(Releases.ofImage("ev-no-notify", gated));
    t.awaitStatus(release, s -> s.phase() == Phase.AWAITING_APPROVAL);
    release.abort("not today");
    ReleaseOutcome outcome = WorkflowStub.fromTyped(release).getResult(ReleaseOutcome.class);
    assertEquals(Phase.ABORTED, outcome.phase());
    ReleaseStatus status = release.status();

    List<ReleaseEvent> sent = decisions(status).stream().filter(ReleaseNotifications::sent).toList();
    Set<String> lost = status.events().stream()
        .filter(ReleaseEvent.NotificationLost.class::isInstance)
        .map(e -> ((ReleaseEvent.NotificationLost) e).eventId())
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(List.of("started", "deployed", "awaiting-approval", "command", "noted", "traffic-restored", "aborted"),
        types(sent));
    assertEquals(ids(sent), lost);
    ReleaseEvent last = status.events().get(status.events().size() - 1);
    assertTrue(last instanceof ReleaseEvent.NotificationLost, last.toString());
    long endedAt = status.events().stream().filter(ReleaseEvent::terminal).findFirst().orElseThrow().at();
    assertTrue(last.at() - endedAt <= ReleaseNotifications.DRAIN.plusSeconds(5).toMillis(),
        "the release waits about the drain time after it ends: " + (last.at() - endedAt) + " ms");
  }
}
