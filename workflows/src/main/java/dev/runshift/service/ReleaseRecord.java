package dev.runshift.service;

import dev.runshift.release.Phase;

/**
 * One finished release of a service.
 *
 * @param phase PROMOTED, ROLLED_BACK or ABORTED; null when the release workflow itself failed (it
 *     could not start, was terminated, or timed out) and {@code reason} says how
 * @param startedAt workflow time in epoch millis
 */
public record ReleaseRecord(
    String releaseId,
    String workflowId,
    String image,
    String origin,
    String requestedBy,
    Phase phase,
    String reason,
    long startedAt,
    long endedAt) {}
