package dev.runshift.ports;

import dev.runshift.traffic.TrafficMap;

/** Restore {@code target} exactly (it carries no candidate tag, so the tag goes too). */
public record RollbackRequest(ServiceRef service, TrafficMap target) {}
