package dev.runshift.release;

import static dev.runshift.testing.Releases.SERVICE;
import static dev.runshift.testing.Releases.SERVING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runshift.events.EventNotice;
import dev.runshift.events.ReleaseEvent;
import dev.runshift.policy.RolloutPolicy;
import dev.runshift.release.Command.Action;
import dev.runshift.testing.ReleaseTestEnvironment;
import dev.runshift.testing.Releases;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Determinism and history size. The committed histories (recorded by {@link RecordReleaseHistories})
 * must replay against the current workflow code on every build: a change that would break releases in
 * flight fails here and must be guarded with {@code Workflow.getVersion}.
 */
class ReleaseHistoryTest {
  /** Temporal starts warning at 10,240 events (and stops a workflow at 51,200). */
  private static final int TEMPORAL_WARNS_AT = 10_240;
  /** A release without long waits should stay far below that. */
  private static final int EVENT_BUDGET = 1_000;

  /** Recorded before sequential verdicts: window reads, no version marker. */
  private static final Set<String> WINDOW_ERA =
      Set.of("release-promoted.json", "release-rolled-back.json", "release-operated.json");

  /** Recorded before release events were sent: no release-events marker, no notify activity. */
  private static final Set<String> BEFORE_EVENTS = Set.of("release-promoted.json", "release-rolled-back.json",
      "release-operated.json", "release-sequential-promoted.json", "release-sequential-rolled-back.json",
      "release-sequential-operated.json");

  @ParameterizedTest
  @ValueSource(strings = {"release-promoted.json", "release-rolled-back.json", "release-operated.json",
      "release-sequential-promoted.json", "release-sequential-rolled-back.json", "release-sequential-operated.json",
      "release-events-promoted.json", "release-events-rolled-back.json", "release-events-operated.json",
      "release-transient-retries.json"})
  void recordedHistoriesReplay(String file) throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/" + file, ReleaseWorkflowImpl.class);
  }

  /** Each committed history exercises the verification it was recorded for. */
  @ParameterizedTest
  @ValueSource(strings = {"release-promoted.json", "release-rolled-back.json", "release-operated.json",
      "release-sequential-promoted.json", "release-sequential-rolled-back.json", "release-sequential-operated.json",
      "release-events-promoted.json", "release-events-rolled-back.json", "release-events-operated.json",
      "release-transient-retries.json"})
  void recordedHistoriesUseTheVerificationOfTheirTime(String file) throws IOException {
    WorkflowExecutionHistory history = load(file);
    Set<String> activities = activityTypes(history);
    boolean marked = history.getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED)
        .anyMatch(e -> e.getMarkerRecordedEventAttributes().toString().contains(ReleaseWorkflowImpl.SEQUENTIAL_VERDICTS));
    if (WINDOW_ERA.contains(file)) {
      assertFalse(marked, file);
      assertTrue(activities.contains("Metrics.Read") && !activities.contains("Metrics.ReadPeriods"), activities.toString());
    } else {
      assertTrue(marked, file + " carries the sequential-verdicts version marker");
      assertTrue(activities.contains("Metrics.ReadPeriods") && !activities.contains("Metrics.Read"), activities.toString());
    }
  }

  /** Histories from before release events send none; the newer ones send them, under their version marker. */
  @ParameterizedTest
  @ValueSource(strings = {"release-sequential-promoted.json", "release-sequential-operated.json",
      "release-events-promoted.json", "release-events-rolled-back.json", "release-events-operated.json"})
  void recordedHistoriesSendEventsOnlyFromTheReleaseEventsVersion(String file) throws IOException {
    WorkflowExecutionHistory history = load(file);
    boolean marked = history.getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED)
        .anyMatch(e -> e.getMarkerRecordedEventAttributes().toString().contains(ReleaseNotifications.RELEASE_EVENTS));
    boolean sends = activityTypes(history).contains(NOTIFY);
    assertEquals(!BEFORE_EVENTS.contains(file), marked, file + " release-events marker");
    assertEquals(!BEFORE_EVENTS.contains(file), sends, file + " sends events");
  }

  /** Histories from before transient retries carry no marker of them; the new one does. */
  @ParameterizedTest
  @ValueSource(strings = {"release-promoted.json", "release-sequential-operated.json", "release-transient-retries.json"})
  void onlyHistoriesSinceTransientRetriesCarryTheirMarker(String file) throws IOException {
    boolean marked = load(file).getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED)
        .anyMatch(e -> e.getMarkerRecordedEventAttributes().toString().contains(ReleaseWorkflowImpl.TRANSIENT_RETRIES));
    assertEquals(file.equals("release-transient-retries.json"), marked, file);
  }

  @Test
  void aFreshTransientRetriesHistoryReplays() throws Exception {
    try (ReleaseTestEnvironment t = ReleaseTestEnvironment.start()) {
      WorkflowReplayer.replayWorkflowExecution(RecordedReleases.transientRetries(t), ReleaseWorkflowImpl.class);
    }
  }

  @Test
  void aFreshOperatedHistoryReplays() throws Exception {
    try (ReleaseTestEnvironment t = ReleaseTestEnvironment.start()) {
      WorkflowReplayer.replayWorkflowExecution(RecordedReleases.operated(t), ReleaseWorkflowImpl.class);
    }
  }

  @Test
  void aFourStepRolloutWithTenMinuteSoakAndOneMinuteChecksStaysWellUnderTheEventBudget() throws Exception {
    try (ReleaseTestEnvironment t = ReleaseTestEnvironment.withEvents()) {
      WorkflowExecutionHistory history = RecordedReleases.promoted(t);
      int events = history.getEvents().size();
      long timers = count(history, EventType.EVENT_TYPE_TIMER_STARTED);
      long notices = scheduled(history, NOTIFY);
      long activities = count(history, EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) - notices;
      System.out.println("4-step rollout, 10m soak, 1m interval: " + events + " history events, "
          + activities + " activities, " + timers + " timers");
      assertTrue(events < EVENT_BUDGET, events + " events");
      // One timer and one metrics read per analysis interval: 10 per step; plus the baseline read, build,
      // test, deploy, describe, 4 shifts and the promotion; and the end's wait for the last notification.
      assertEquals(40 + 1, timers);
      assertEquals(40 + 1 + 4 + 4 + 1, activities);
      // Events sent, each once: the decisions (a verdict when the health changes), not every look.
      assertEquals(List.of("started", "noted", "noted", "deployed", "shifted", "noted", "verdict", "shifted", "verdict",
          "shifted", "verdict", "verdict", "shifted", "verdict", "promoted"), sentTypes(history));
      assertEquals(15, notices);
      assertEquals(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED, history.getLastEvent().getEventType());
      WorkflowReplayer.replayWorkflowExecution(history, ReleaseWorkflowImpl.class);
    }
  }

  @Test
  void aDefaultReleaseDecidedByEvidenceIsSmall() throws Exception {
    try (ReleaseTestEnvironment t = ReleaseTestEnvironment.start()) {
      WorkflowExecutionHistory history = RecordedReleases.sequentialPromoted(t);
      int events = history.getEvents().size();
      long looks = count(history, EventType.EVENT_TYPE_TIMER_STARTED);
      System.out.println("default policy, promoted on evidence: " + events + " history events, " + looks
          + " looks, " + history.toJson(false).length() + " bytes of JSON");
      assertTrue(looks <= 10, looks + " looks");
      assertTrue(events < EVENT_BUDGET / 4, events + " events");
    }
  }

  /**
   * The longest a release under the default policy runs without an operator's retry: no candidate
   * request ever arrives, so every step stays undecided for its whole maxWaitForTraffic (2 hours, a look
   * a minute) before asking the operator, who skips it. About 11 events a look (a timer, a metrics read,
   * two workflow tasks), so 3 steps of 2 hours stay under half of Temporal's warning.
   */
  @Test
  void aDefaultReleaseWaitingTheFullMaxWaitAtEveryStepStaysUnderHalfOfTemporalsWarning() throws Exception {
    try (ReleaseTestEnvironment t = ReleaseTestEnvironment.start()) {
      t.cloudRun.givenService(SERVICE, SERVING, "checkout-00042-def");
      String candidate = Releases.candidate("r-no-traffic");
      t.metrics.load((revision, percent, from) -> revision.equals(candidate) ? 0 : 100 * percent / 100.0);
      RolloutPolicy policy = RolloutPolicy.defaults();
      ReleaseWorkflow release = t.startRelease(Releases.ofImage("r-no-traffic", policy));
      for (int step = 0; step < policy.steps().size(); step++) {
        int index = step;
        t.awaitStatus(release, s -> s.stepIndex() == index && s.phase() == Phase.AWAITING_OPERATOR,
            Duration.ofMinutes(5), Duration.ofHours(3));
        release.control(new Command(Action.SKIP, "no traffic today", "alice"));
      }
      WorkflowExecutionHistory history = RecordedReleases.finish(t, release);
      int events = history.getEvents().size();
      long looks = count(history, EventType.EVENT_TYPE_TIMER_STARTED);
      int bytes = history.toJson(false).length();
      System.out.println("default policy, 3 steps each waiting maxWaitForTraffic " + policy.maxWaitForTraffic()
          + ": " + events + " history events, " + looks + " looks, " + bytes + " bytes of JSON");
      long waitLooks = policy.maxWaitForTraffic().toMinutes();
      assertTrue(looks >= 3 * waitLooks && looks <= 3 * (waitLooks + 2), looks + " looks");
      assertTrue(events <= 12 * looks + 100, events + " events for " + looks + " looks");
      assertTrue(events < TEMPORAL_WARNS_AT / 2, events + " events");
      assertTrue(bytes < 5_000_000, bytes + " bytes");
      WorkflowReplayer.replayWorkflowExecution(history, ReleaseWorkflowImpl.class);
    }
  }

  private static WorkflowExecutionHistory load(String file) throws IOException {
    try (InputStream in = ReleaseHistoryTest.class.getResourceAsStream("/histories/" + file)) {
      return WorkflowExecutionHistory.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private static Set<String> activityTypes(WorkflowExecutionHistory history) {
    return history.getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .map(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName())
        .collect(Collectors.toSet());
  }

  private static final String NOTIFY = "Notify.Send";

  /** The type of every event the history sent to the notifier, in order. */
  private static List<String> sentTypes(WorkflowExecutionHistory history) {
    return history.getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .map(HistoryEvent::getActivityTaskScheduledEventAttributes)
        .filter(a -> a.getActivityType().getName().equals(NOTIFY))
        .map(a -> DefaultDataConverter.STANDARD_INSTANCE.fromPayload(
            a.getInput().getPayloads(0), EventNotice.class, EventNotice.class))
        .map(n -> ReleaseEvent.typeName(n.event()))
        .toList();
  }

  private static long scheduled(WorkflowExecutionHistory history, String activityType) {
    return history.getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .filter(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName().equals(activityType))
        .count();
  }

  private static long count(WorkflowExecutionHistory history, EventType type) {
    return history.getEvents().stream().map(HistoryEvent::getEventType).filter(type::equals).count();
  }
}
