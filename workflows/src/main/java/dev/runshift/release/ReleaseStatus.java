package dev.runshift.release;

import dev.runshift.health.Verdict;
import dev.runshift.ports.ServiceRef;
import dev.runshift.traffic.TrafficMap;
import java.util.List;

/**
 * A release as the {@code status} query reports it.
 *
 * @param stepIndex index into {@code steps} of the step the candidate is at; -1 before the first shift
 * @param failure the step failure the release is waiting on in AWAITING_OPERATOR, else null
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
    List<Decision> decisions) {}
