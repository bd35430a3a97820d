package dev.runshift.ports;

import dev.runshift.traffic.TrafficMap;

/** Move the service from {@code expected} (what this release last set) to {@code next}. */
public record ShiftRequest(ServiceRef service, TrafficMap expected, TrafficMap next) {}
