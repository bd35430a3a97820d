package dev.runshift.ports;

import dev.runshift.traffic.TrafficMap;

/** Make {@code candidateRevision} serve 100% and drop {@code candidateTag}; other tags stay. */
public record PromoteRequest(
    ServiceRef service, String candidateRevision, String candidateTag, TrafficMap expected) {}
