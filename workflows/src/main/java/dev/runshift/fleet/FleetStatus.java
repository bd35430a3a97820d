package dev.runshift.fleet;

import java.util.List;
import java.util.Map;

/**
 * A fleet redeploy as seen from outside (query, and the workflow's result).
 *
 * @param wave the current wave, 1-based (0 before the first)
 * @param counts settled services per outcome
 * @param inFlight services with an unsettled request (bounded by maxInFlight)
 * @param failed failed services with their reasons
 * @param untouched selected services the fleet never sent a request to
 */
public record FleetStatus(
    String fleetId,
    String digest,
    FleetPhase phase,
    int selected,
    int wave,
    int waves,
    List<Integer> waveEnds,
    int started,
    Map<ServiceOutcome, Integer> counts,
    List<String> inFlight,
    List<ServiceResult> failed,
    int untouched,
    int failureLimit,
    boolean paused,
    String pauseReason,
    FleetAbort abort,
    int generation,
    long startedAt,
    long updatedAt,
    String message) {

  public int count(ServiceOutcome outcome) {
    return counts.getOrDefault(outcome, 0);
  }
}
