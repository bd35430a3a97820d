package dev.runshift.fleet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a fleet redeploy carries from one run to the next: the workflow keeps this one object, changes
 * it in place, and continues as new with it as it is (after samples-java's one state object through
 * continue-as-new), so no field can be forgotten on the way. Owned by the workflow thread; serialized by
 * Temporal's Jackson converter field by field (the names are those of the earlier record, so inputs
 * recorded before still read).
 */
public final class FleetState {
  /** Unique per fleet execution chain (a cron run starts a new one); part of every request key. */
  String fleetRunId;
  String digest;
  List<FleetTarget> targets = List.of();
  /** Cumulative end index of each wave. */
  List<Integer> waveEnds = List.of();
  int failureLimit = Integer.MAX_VALUE;
  /** Per selected service, in {@link #targets}' order; null while untouched or unsettled. */
  List<ServiceResult> results = new ArrayList<>();
  /** Unsettled requests by request key. */
  Map<String, InFlight> inFlight = new LinkedHashMap<>();
  /** Next free start slot per region, updated in place by {@link StartPacer}. */
  Map<String, Long> pacer = new HashMap<>();
  int nextIndex;
  int wave;
  FleetPhase phase = FleetPhase.SELECTING;
  boolean paused;
  String pauseReason;
  FleetAbort abort;
  int restoreNext;
  /** How many times this fleet continued as new. */
  int generation;
  long startedAt;
  /** Why the fleet stopped or failed, for people. */
  String message;

  /** The state of a fleet that has selected nothing yet. */
  static FleetState fresh() {
    return new FleetState();
  }
}
