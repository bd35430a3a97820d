package dev.runshift.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.api.enums.v1.EventType;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Determinism of the service entity: committed histories (recorded by {@link RecordServiceHistories})
 * replay against the current code on every build, so a change that would break entities in flight fails
 * here and must be guarded with {@code Workflow.getVersion}.
 */
class ServiceHistoryTest {

  @ParameterizedTest
  @ValueSource(strings = {"service-continued.json", "service-open.json"})
  void recordedHistoriesReplay(String file) throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/" + file, ServiceWorkflowImpl.class);
  }

  @Test
  void aFreshContinuedRunReplaysAndEndsInContinueAsNew() throws Exception {
    try (RecordedServices s = new RecordedServices()) {
      WorkflowExecutionHistory history = s.continued();
      assertEquals(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW, history.getLastEvent().getEventType());
      ServiceStatus status = s.status();
      assertEquals(1, status.generation());
      assertTrue(status.ignored().stream().anyMatch(e -> e.reason().contains("already serves")), status.ignored().toString());
      assertTrue(status.ignored().stream().anyMatch(e -> e.reason().contains("superseded")));
      assertTrue(status.ignored().stream().anyMatch(e -> e.reason().contains("duplicate")));
      WorkflowReplayer.replayWorkflowExecution(history, ServiceWorkflowImpl.class);
    }
  }

  @Test
  void aFreshOpenRunReplays() throws Exception {
    try (RecordedServices s = new RecordedServices()) {
      WorkflowReplayer.replayWorkflowExecution(s.open(), ServiceWorkflowImpl.class);
    }
  }
}
