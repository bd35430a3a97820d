package dev.runshift.activities.registry;

import dev.runshift.ports.ImageRef;
import com.google.devtools.artifactregistry.v1.Tag;
import dev.runshift.activities.google.GoogleCall;
import dev.runshift.activities.google.GoogleClients;
import dev.runshift.activities.google.GoogleErrors;
import dev.runshift.ports.FailureTypes;
import dev.runshift.ports.ImageRegistry;
import io.temporal.failure.ApplicationFailure;
import java.util.Optional;

/**
 * {@link ImageRegistry} over Artifact Registry v1 ({@code GetTag}).
 *
 * <ul>
 *   <li>A digest reference ({@code …@sha256:…}) is returned unchanged, without a call.
 *   <li>{@code LOCATION-docker.pkg.dev/P/R/PKG:TAG} (no tag means {@code latest}) is read once and answered
 *       as {@code LOCATION-docker.pkg.dev/P/R/PKG@sha256:…}, the digest the tag points at now.
 *   <li>Any other registry ({@code gcr.io}, {@code docker.io}, …) is a non-retryable
 *       {@link FailureTypes#INVALID_ARGUMENT}: only Artifact Registry tags can be resolved; pin a digest.
 *   <li>API errors are classified by {@link GoogleErrors}: an unknown tag is a non-retryable
 *       {@link FailureTypes#NOT_FOUND}, transient errors are retried.
 * </ul>
 */
public final class ArtifactRegistryImageRegistry implements ImageRegistry {
  static final String API = "Artifact Registry";
  static final String WORKER = "deploy worker";

  private final GoogleClients clients;

  public ArtifactRegistryImageRegistry(GoogleClients clients) {
    this.clients = clients;
  }

  @Override
  public String resolveDigest(String image) {
    if (ImageRef.isPinned(image)) {
      return image;
    }
    Optional<ArtifactRegistryImage> parsed = ArtifactRegistryImage.parse(image);
    if (parsed.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "cannot resolve " + image + ": only Artifact Registry tags "
              + "(LOCATION-docker.pkg.dev/PROJECT/REPOSITORY/IMAGE:TAG) can be resolved; pin a digest instead "
              + "(repository@sha256:...)",
          FailureTypes.INVALID_ARGUMENT);
    }
    ArtifactRegistryImage ref = parsed.get();
    Tag tag;
    try {
      tag = clients.artifactRegistry().getTag(ref.tagName());
    } catch (RuntimeException e) {
      throw GoogleErrors.toFailure(e, new GoogleCall(API, "artifactregistry.tags.get",
          "roles/artifactregistry.reader", ref.tagName(), WORKER));
    }
    String version = tag.getVersion();
    int at = version.lastIndexOf("/versions/");
    String digest = at < 0 ? "" : version.substring(at + "/versions/".length());
    if (!digest.startsWith("sha256:")) {
      throw ApplicationFailure.newNonRetryableFailure(
          "Artifact Registry tag " + ref.tagName() + " points at " + version + ", not a sha256 version",
          FailureTypes.FAILED_PRECONDITION);
    }
    return ref.repository() + "@" + digest;
  }
}
