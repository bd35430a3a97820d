package dev.runshift.release;

import dev.runshift.traffic.TrafficMap;

/** How a release ended: PROMOTED, ROLLED_BACK or ABORTED, the image, and the traffic it left. */
public record ReleaseOutcome(
    String releaseId,
    Phase phase,
    String image,
    String candidateRevision,
    String reason,
    TrafficMap finalTraffic) {}
