package dev.runshift.fleet;

import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleState;
import java.util.List;

/**
 * A recurring fleet redeploy as a pure value, turned into a Temporal {@link Schedule} that starts the
 * fleet workflow at each cron time. Every start resolves the image again (a tag picks up what it points
 * to then) and selects the services again.
 *
 * @param id the schedule id; each run's workflow id is {@link FleetWorkflows#workflowId} of it (the
 *     server appends the start time)
 * @param cron a 5-field cron expression, e.g. {@code 0 3 * * 1-5}
 * @param timeZone IANA zone name (null: UTC)
 * @param overlap what to do when a run is still going at the next time (null: SKIP)
 */
public record FleetSchedule(
    String id, String cron, String timeZone, ScheduleOverlapPolicy overlap, FleetRequest request, String note) {

  public FleetSchedule {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("schedule: an id is required");
    }
    if (cron == null || cron.trim().split("\\s+").length != 5) {
      throw new IllegalArgumentException("schedule: cron must have 5 fields (minute hour day month weekday), was '" + cron + "'");
    }
    if (overlap == null) {
      overlap = ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP;
    }
    request.validated();
  }

  public ScheduleSpec spec() {
    ScheduleSpec.Builder spec = ScheduleSpec.newBuilder().setCronExpressions(List.of(cron.trim()));
    if (timeZone != null && !timeZone.isBlank()) {
      spec.setTimeZoneName(timeZone);
    }
    return spec.build();
  }

  public Schedule schedule() {
    return Schedule.newBuilder()
        .setAction(
            ScheduleActionStartWorkflow.newBuilder()
                .setWorkflowType(FleetWorkflow.class)
                .setArguments(FleetInput.start(request))
                .setOptions(FleetWorkflows.options(id))
                .build())
        .setSpec(spec())
        .setPolicy(SchedulePolicy.newBuilder().setOverlap(overlap).build())
        .setState(ScheduleState.newBuilder().setNote(note == null ? "" : note).build())
        .build();
  }
}
