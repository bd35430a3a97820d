package dev.runshift.ports;

import dev.runshift.traffic.TrafficMap;
import dev.runshift.traffic.TrafficPlan;

/**
 * Make {@code candidateRevision} serve 100%: replace {@code expected} with {@code next}, the promoted map the
 * workflow planned ({@link TrafficPlan#promoted}). {@code next} is null only in requests scheduled before
 * the workflow planned it; {@link #planned()} then derives it by the same rule.
 */
public record PromoteRequest(
    ServiceRef service, String candidateRevision, String candidateTag, TrafficMap expected, TrafficMap next) {

  /** The map to write: {@code next}, or the promoted map of {@code expected} for older requests. */
  public TrafficMap planned() {
    return next != null ? next : TrafficPlan.promoted(expected, candidateRevision, candidateTag);
  }
}
