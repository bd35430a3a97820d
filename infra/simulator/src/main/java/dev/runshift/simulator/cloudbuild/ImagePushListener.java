package dev.runshift.simulator.cloudbuild;

/**
 * Told about every image a successful build pushed ({@code results.images}: the name as built, e.g.
 * {@code europe-west1-docker.pkg.dev/p/apps/checkout:v2}, and its {@code sha256:} digest), once, when the
 * build's SUCCESS is announced — before any client can read the build as successful.
 */
@FunctionalInterface
public interface ImagePushListener {
  ImagePushListener NONE = (image, digest) -> {};

  void pushed(String image, String digest);
}
