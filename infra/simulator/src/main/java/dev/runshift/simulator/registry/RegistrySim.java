package dev.runshift.simulator.registry;

import dev.runshift.simulator.core.SimulatedApi;
import io.grpc.BindableService;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Artifact Registry v1 for Docker images: GetTag and ListTags over the tags that were pushed. Tags come
 * from successful Cloud Build builds (every image in {@code results.images} that is an Artifact Registry
 * image, via {@link #recordPush}) and from {@link #tag}. Pushing a tag again moves it to the new digest.
 */
public final class RegistrySim implements SimulatedApi {
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

  private final TagStore tags = new TagStore();

  @Override
  public List<BindableService> services() {
    return List.of(new ArtifactRegistryService(tags));
  }

  /**
   * Records that {@code image} ({@code LOCATION-docker.pkg.dev/P/R/PKG[:TAG]}) was pushed as
   * {@code digest}; false (and nothing recorded) when {@code image} is not an Artifact Registry image by
   * tag, e.g. {@code gcr.io/...} or a digest reference.
   */
  public boolean recordPush(String image, String digest) {
    Optional<DockerImageName> name = DockerImageName.parse(image);
    if (name.isEmpty() || !DIGEST.matcher(digest == null ? "" : digest).matches()) {
      return false;
    }
    tags.put(name.get().tagName(), name.get().versionName(digest));
    return true;
  }

  /**
   * Points {@code imageWithTag} at {@code digest} ({@code sha256:} and 64 hex digits), as a push would.
   *
   * @throws IllegalArgumentException if either is malformed
   */
  public void tag(String imageWithTag, String digest) {
    if (DockerImageName.parse(imageWithTag).isEmpty()) {
      throw new IllegalArgumentException(
          "not an Artifact Registry image by tag (LOCATION-docker.pkg.dev/PROJECT/REPOSITORY/IMAGE[:TAG]): "
              + imageWithTag);
    }
    if (!DIGEST.matcher(digest == null ? "" : digest).matches()) {
      throw new IllegalArgumentException("not a digest (sha256: and 64 hex digits): " + digest);
    }
    recordPush(imageWithTag, digest);
  }

  /** The digest {@code imageWithTag} points at now, if it was pushed. */
  public Optional<String> digestOf(String imageWithTag) {
    return DockerImageName.parse(imageWithTag)
        .flatMap(n -> tags.version(n.tagName()))
        .map(v -> v.substring(v.lastIndexOf("/versions/") + "/versions/".length()));
  }
}
