package dev.runshift.ports;

/** Test exactly {@code image} ({@code repository@sha256:…}) with {@code spec}. */
public record ArtifactTestRequest(String releaseId, String project, String image, TestSpec spec) {}
