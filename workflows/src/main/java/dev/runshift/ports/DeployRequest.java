package dev.runshift.ports;

/**
 * Deploy {@code image} ({@code repository@sha256:…}) as revision {@code revisionName} (deterministic per
 * release) with no traffic and tag {@code candidateTag}.
 */
public record DeployRequest(
    ServiceRef service, String releaseId, String image, String revisionName, String candidateTag) {}
