package dev.runshift.ports;

/** Build the release's source once; {@code releaseId} makes a retried build find the first one. */
public record BuildRequest(String releaseId, String project, BuildSpec spec) {}
