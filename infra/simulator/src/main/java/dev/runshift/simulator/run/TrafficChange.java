package dev.runshift.simulator.run;

import java.time.Instant;
import java.util.Map;

/**
 * The traffic a service actually served from {@code at} (simulator time) on: percent per revision (short
 * names, LATEST resolved to the revision it pointed at, revisions at 0% left out). Empty once the
 * service is deleted.
 */
public record TrafficChange(Instant at, Map<String, Integer> percents) {
  public TrafficChange {
    percents = Map.copyOf(percents);
  }
}
