package dev.runshift.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runshift.testing.ReleaseTestEnvironment;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Determinism and history size. The committed histories (recorded by {@link RecordReleaseHistories})
 * must replay against the current workflow code on every build: a change that would break releases in
 * flight fails here and must be guarded with {@code Workflow.getVersion}.
 */
class ReleaseHistoryTest {
  /** Temporal starts warning at 10,240 events; a release should stay far below that. */
  private static final int EVENT_BUDGET = 1_000;

  @ParameterizedTest
  @ValueSource(strings = {"release-promoted.json", "release-rolled-back.json", "release-operated.json"})
  void recordedHistoriesReplay(String file) throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/" + file, ReleaseWorkflowImpl.class);
  }

  @Test
  void aFreshOperatedHistoryReplays() throws Exception {
    try (ReleaseTestEnvironment t = ReleaseTestEnvironment.start()) {
      WorkflowReplayer.replayWorkflowExecution(RecordedReleases.operated(t), ReleaseWorkflowImpl.class);
    }
  }

  @Test
  void aFourStepRolloutWithTenMinuteSoakAndOneMinuteChecksStaysWellUnderTheEventBudget() throws Exception {
    try (ReleaseTestEnvironment t = ReleaseTestEnvironment.start()) {
      WorkflowExecutionHistory history = RecordedReleases.promoted(t);
      int events = history.getEvents().size();
      long timers = count(history, EventType.EVENT_TYPE_TIMER_STARTED);
      long activities = count(history, EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
      System.out.println("4-step rollout, 10m soak, 1m interval: " + events + " history events, "
          + activities + " activities, " + timers + " timers");
      assertTrue(events < EVENT_BUDGET, events + " events");
      // One timer and one metrics read per analysis interval: 10 per step, plus build, test, deploy,
      // describe, 4 shifts and the promotion.
      assertEquals(40, timers);
      assertEquals(40 + 4 + 4 + 1, activities);
      assertEquals(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED, history.getLastEvent().getEventType());
      WorkflowReplayer.replayWorkflowExecution(history, ReleaseWorkflowImpl.class);
    }
  }

  private static long count(WorkflowExecutionHistory history, EventType type) {
    return history.getEvents().stream().map(HistoryEvent::getEventType).filter(type::equals).count();
  }
}
