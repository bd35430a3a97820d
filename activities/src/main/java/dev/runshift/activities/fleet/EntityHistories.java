package dev.runshift.activities.fleet;

import dev.runshift.release.ReleaseRequest;
import dev.runshift.service.CurrentRelease;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.StartChildWorkflowExecutionInitiatedEventAttributes;
import io.temporal.client.WorkflowClient;
import io.temporal.common.converter.DataConverter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a closed service entity's history when its {@code status()} cannot be asked (a server or test
 * server that does not answer queries on closed workflows): the release it was running when it closed.
 */
final class EntityHistories {
  private EntityHistories() {}

  /** The release the entity's latest run started and saw no end of, if any. */
  static Optional<CurrentRelease> openRelease(WorkflowClient client, String entityId) {
    Map<Long, StartChildWorkflowExecutionInitiatedEventAttributes> open = new LinkedHashMap<>();
    Map<Long, Long> startedAt = new LinkedHashMap<>();
    for (HistoryEvent e : client.fetchHistory(entityId).getEvents()) {
      switch (e.getEventType()) {
        case EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED -> {
          open.put(e.getEventId(), e.getStartChildWorkflowExecutionInitiatedEventAttributes());
          startedAt.put(e.getEventId(), e.getEventTime().getSeconds() * 1000 + e.getEventTime().getNanos() / 1_000_000);
        }
        case EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED ->
            open.remove(e.getStartChildWorkflowExecutionFailedEventAttributes().getInitiatedEventId());
        case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED ->
            open.remove(e.getChildWorkflowExecutionCompletedEventAttributes().getInitiatedEventId());
        case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED ->
            open.remove(e.getChildWorkflowExecutionFailedEventAttributes().getInitiatedEventId());
        case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED ->
            open.remove(e.getChildWorkflowExecutionCanceledEventAttributes().getInitiatedEventId());
        case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT ->
            open.remove(e.getChildWorkflowExecutionTimedOutEventAttributes().getInitiatedEventId());
        case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED ->
            open.remove(e.getChildWorkflowExecutionTerminatedEventAttributes().getInitiatedEventId());
        default -> { }
      }
    }
    DataConverter converter = client.getOptions().getDataConverter();
    return open.entrySet().stream().reduce((a, b) -> b).map(last -> {
      StartChildWorkflowExecutionInitiatedEventAttributes child = last.getValue();
      ReleaseRequest request =
          converter.fromPayloads(0, Optional.of(child.getInput()), ReleaseRequest.class, ReleaseRequest.class);
      return new CurrentRelease(
          request.releaseId(), child.getWorkflowId(), request.image(), request.origin(), null,
          startedAt.get(last.getKey()), false);
    });
  }
}
