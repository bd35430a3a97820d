package dev.runshift.fleet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a fleet redeploy carries from one run to the next across continue-as-new. Mutable inside
 * a run (owned by the workflow thread); serialized as the next run's input.
 *
 * @param fleetRunId unique per fleet execution chain (a cron run starts a new one); part of every
 *     request key so replies to an earlier execution are told apart
 * @param results per selected service (same order as {@code targets}); null while untouched or unsettled
 * @param inFlight unsettled requests by request key
 * @param pacer next free start slot per region (see {@link StartPacer})
 * @param message why the fleet stopped or failed, for people
 */
public record FleetState(
    String fleetRunId,
    String digest,
    List<FleetTarget> targets,
    List<Integer> waveEnds,
    int failureLimit,
    List<ServiceResult> results,
    Map<String, InFlight> inFlight,
    Map<String, Long> pacer,
    int nextIndex,
    int wave,
    FleetPhase phase,
    boolean paused,
    String pauseReason,
    FleetAbort abort,
    int restoreNext,
    int generation,
    long startedAt,
    String message) {

  public FleetState {
    targets = targets == null ? List.of() : List.copyOf(targets);
    waveEnds = waveEnds == null ? List.of() : List.copyOf(waveEnds);
    results = results == null ? new ArrayList<>() : new ArrayList<>(results);
    inFlight = inFlight == null ? new LinkedHashMap<>() : new LinkedHashMap<>(inFlight);
    pacer = pacer == null ? new HashMap<>() : new HashMap<>(pacer);
  }
}
