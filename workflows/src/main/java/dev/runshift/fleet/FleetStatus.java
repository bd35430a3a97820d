package dev.runshift.fleet;

import dev.runshift.ports.ServiceRef;
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
 * @param releasing the services of {@code inFlight} whose request is the fleet's own release (not an
 *     abort's restore)
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
    String message,
    List<ServiceRef> releasing) {

  public FleetStatus {
    releasing = releasing == null ? List.of() : List.copyOf(releasing);
  }

  public int count(ServiceOutcome outcome) {
    return counts.getOrDefault(outcome, 0);
  }
}
