package dev.runshift.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.runshift.ports.TaskQueues;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetScheduleTest {
  private final FleetRequest request = FleetRequests.request(FleetRequests.REPO + ":stable", List.of("1", "100%"), 5, 2);

  @Test
  void becomesAScheduleStartingTheFleetWorkflowWithSkipOverlapByDefault() {
    Schedule s = new FleetSchedule("nightly", "0 3 * * 1-5", "Europe/Berlin", null, request, "nightly api").schedule();

    assertEquals(List.of("0 3 * * 1-5"), s.getSpec().getCronExpressions());
    assertEquals("Europe/Berlin", s.getSpec().getTimeZoneName());
    assertEquals(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP, s.getPolicy().getOverlap());
    ScheduleActionStartWorkflow action = (ScheduleActionStartWorkflow) s.getAction();
    assertEquals("FleetWorkflow", action.getWorkflowType());
    assertEquals("fleet-nightly", action.getOptions().getWorkflowId());
    assertEquals(TaskQueues.WORKFLOWS, action.getOptions().getTaskQueue());
    assertEquals(FleetInput.start(request), action.getArguments().get(0, FleetInput.class));
    assertEquals("nightly api", s.getState().getNote());
  }

  @Test
  void overlapCanBeChosenAndUtcIsTheDefaultZone() {
    Schedule s = new FleetSchedule("x", "*/15 * * * *", null, ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_BUFFER_ONE,
        request, null).schedule();
    assertEquals(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_BUFFER_ONE, s.getPolicy().getOverlap());
    assertEquals(null, s.getSpec().getTimeZoneName());
  }

  @Test
  void rejectsABadCronOrRequest() {
    assertThrows(IllegalArgumentException.class, () -> new FleetSchedule("x", "0 3 * *", null, null, request, null));
    assertThrows(IllegalArgumentException.class, () -> new FleetSchedule("", "0 3 * * *", null, null, request, null));
    assertThrows(IllegalArgumentException.class,
        () -> new FleetSchedule("x", "0 3 * * *", null, null, request.withLimits(0, 1, null), null));
  }
}
