package dev.runshift.ports;

import java.util.List;

/**
 * The analysis window {@code [startEpochMillis, endEpochMillis)} for the candidate and for the stable
 * revisions (aggregated as one baseline). The window starts at the last traffic change, so it never
 * mixes steps.
 */
public record MetricsQuery(
    ServiceRef service,
    String candidateRevision,
    List<String> stableRevisions,
    long startEpochMillis,
    long endEpochMillis) {}
