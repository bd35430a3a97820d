package dev.runshift.simulator.run;

import java.time.Instant;

/** The request rate (requests per second, all revisions together) a service receives from {@code at} on. */
public record RateChange(Instant at, double requestsPerSecond) {}
