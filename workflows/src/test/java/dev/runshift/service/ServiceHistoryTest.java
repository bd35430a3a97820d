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
  @ValueSource(strings = {
      "service-continued.json", "service-open.json", "service-replies.json", "service-search-attributes.json"})
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
  void repliesReachTheRequesterOncePerSettledRequestAndReplay() throws Exception {
    try (RecordedServices s = new RecordedServices()) {
      WorkflowExecutionHistory history = s.replies();
      java.util.Map<String, FleetReply> byKey = new java.util.HashMap<>();
      for (FleetReply r : s.collected()) {
        assertEquals(null, byKey.put(r.requestKey(), r), "two replies for " + r.requestKey());
      }
      assertEquals(java.util.Set.of("r-served", "r-a", "r-a-follow", "r-b", "r-c"), byKey.keySet());
      assertEquals(FleetReply.Outcome.UNCHANGED, byKey.get("r-served").outcome());
      assertEquals(FleetReply.Outcome.SUPERSEDED, byKey.get("r-b").outcome());
      for (String key : java.util.List.of("r-a", "r-a-follow", "r-c")) {
        assertEquals(FleetReply.Outcome.FINISHED, byKey.get(key).outcome(), key);
        assertEquals(dev.runshift.release.Phase.PROMOTED, byKey.get(key).phase(), key);
      }
      assertEquals(byKey.get("r-a").releaseId(), byKey.get("r-a-follow").releaseId(), "the follower shares the release");
      WorkflowReplayer.replayWorkflowExecution(history, ServiceWorkflowImpl.class);
    }
  }

  @Test
  void aFreshOpenRunReplays() throws Exception {
    try (RecordedServices s = new RecordedServices()) {
      WorkflowReplayer.replayWorkflowExecution(s.open(), ServiceWorkflowImpl.class);
    }
  }

  @Test
  void aFreshRunStartingReleasesWithSearchAttributesReplays() throws Exception {
    try (RecordedServices s = new RecordedServices(true)) {
      WorkflowExecutionHistory history = s.open();
      // Each release start is preceded by the worker's answer, recorded as a local activity marker (the
      // test server does not copy a child's search attributes into its initiated event; that the releases
      // carry them is ServiceVisibilityTest's).
      long children = count(history, EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED);
      long answers = history.getEvents().stream()
          .filter(e -> e.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED)
          .filter(e -> e.getMarkerRecordedEventAttributes().getMarkerName().equals("LocalActivity"))
          .count();
      assertEquals(2, children);
      assertEquals(children, answers);
      WorkflowReplayer.replayWorkflowExecution(history, ServiceWorkflowImpl.class);
    }
  }

  private static long count(WorkflowExecutionHistory history, EventType type) {
    return history.getEvents().stream().filter(e -> e.getEventType() == type).count();
  }
}
