package dev.runshift.ports;

/**
 * What to build: a source archive ({@code gs://bucket/object.tar.gz}) and the repository to push the
 * image to ({@code REGION-docker.pkg.dev/PROJECT/REPO/IMAGE}). Either {@code dockerfile} (path inside the
 * source, default {@code Dockerfile}) or {@code configFile} (a cloudbuild.yaml inside the source) is used.
 */
public record BuildSpec(String source, String imageRepository, String dockerfile, String configFile) {}
