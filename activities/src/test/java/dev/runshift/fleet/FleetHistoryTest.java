package dev.runshift.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.api.enums.v1.EventType;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Determinism of the fleet workflow: committed histories (recorded by {@link RecordFleetHistories})
 * replay against the current code on every build. {@code fleet-waves.json} predates overdue replies;
 * {@code fleet-overdue.json} settles a service through the look-up.
 */
class FleetHistoryTest {

  @ParameterizedTest
  @ValueSource(strings = {"fleet-waves.json", "fleet-overdue.json"})
  void recordedHistoriesReplay(String file) throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/" + file, FleetWorkflowImpl.class);
  }

  @Test
  void aFreshOverdueRunLooksTheRequestUpAndReplays() throws Exception {
    try (FleetHarness h = new FleetHarness()) {
      WorkflowExecutionHistory history = RecordedFleets.overdue(h);
      assertEquals(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED, history.getLastEvent().getEventType());
      assertTrue(history.getEvents().stream().anyMatch(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
              && e.getActivityTaskScheduledEventAttributes().getActivityType().getName().equals("Fleet.LookUp")),
          "the fleet should have looked the request up");
      WorkflowReplayer.replayWorkflowExecution(history, FleetWorkflowImpl.class);
    }
  }
}
