package dev.runshift.ports;

/** Candidate and stable metrics over the same window. */
public record WindowMetrics(
    RevisionMetrics candidate, RevisionMetrics stable, long startEpochMillis, long endEpochMillis) {}
