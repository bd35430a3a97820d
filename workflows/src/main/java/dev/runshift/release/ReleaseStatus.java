package dev.runshift.release;

import dev.runshift.events.ReleaseEvent;
import dev.runshift.health.Verdict;
import dev.runshift.ports.ServiceRef;
import dev.runshift.traffic.TrafficMap;
import java.util.List;

/**
 * A release as the {@code status} query reports it.
 *
 * @param stepIndex index into {@code steps} of the step the candidate is at; -1 before the first shift
 * @param failure the step failure the release is waiting on in AWAITING_OPERATOR, else null
 * @param decisions the decision lines, derived from {@code events}
 * @param events everything that happened to the release, in order (recorded again on replay, so releases
 *     started before events existed have them too)
 */
public record ReleaseStatus(
    String releaseId,
    ServiceRef service,
    Phase phase,
    String image,
    String candidateRevision,
    List<String> stableRevisions,
    TrafficMap traffic,
    int stepIndex,
    List<Integer> steps,
    Verdict lastVerdict,
    StepFailure failure,
    List<Decision> decisions,
    List<ReleaseEvent> events) {}
