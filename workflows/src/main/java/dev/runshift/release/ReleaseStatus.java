package dev.runshift.release;

import dev.runshift.events.ReleaseEvent;
import dev.runshift.health.Verdict;
import dev.runshift.policy.RolloutPolicy;
import dev.runshift.ports.ServiceRef;
import dev.runshift.traffic.TrafficMap;
import java.util.List;

/**
 * A release as the {@code status} query reports it.
 *
 * @param stepIndex index into {@code steps} of the step the candidate is at; -1 before the first shift
 * @param failure the step failure the release is waiting on in AWAITING_OPERATOR, else null
 * @param traffic the traffic map this release last set or read from Cloud Run (not a live read: a change
 *     made outside the release shows only once the release reads the service again); null before deploy
 * @param decisions the decision lines, derived from {@code events}
 * @param events everything that happened to the release, in order (recorded again on replay, so releases
 *     started before events existed have them too)
 * @param policy the rollout policy in force for this release; null before the release has started
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
    List<ReleaseEvent> events,
    RolloutPolicy policy) {

  /** A status without the policy (as reported before the policy was part of it). */
  public ReleaseStatus(
      String releaseId, ServiceRef service, Phase phase, String image, String candidateRevision,
      List<String> stableRevisions, TrafficMap traffic, int stepIndex, List<Integer> steps, Verdict lastVerdict,
      StepFailure failure, List<Decision> decisions, List<ReleaseEvent> events) {
    this(releaseId, service, phase, image, candidateRevision, stableRevisions, traffic, stepIndex, steps,
        lastVerdict, failure, decisions, events, null);
  }
}
