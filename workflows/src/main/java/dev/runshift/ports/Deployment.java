package dev.runshift.ports;

import dev.runshift.traffic.TrafficMap;

import java.util.List;

/**
 * A candidate revision deployed with no traffic.
 *
 * @param previousTraffic the service's traffic before the deploy, with any LATEST target resolved to the
 *     revision it pointed at then (after the deploy, LATEST would mean the candidate): the rollback target
 * @param stableRevisions the revisions that served traffic before the deploy (the baseline for analysis)
 * @param candidateUrl the candidate's tag URL, for smoke checks
 */
public record Deployment(
    String candidateRevision,
    TrafficMap previousTraffic,
    List<String> stableRevisions,
    String candidateUrl) {}
