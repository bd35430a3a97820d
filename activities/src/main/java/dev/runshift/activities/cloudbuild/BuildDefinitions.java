package dev.runshift.activities.cloudbuild;

import dev.runshift.ports.ImageRef;
import com.google.cloudbuild.v1.Build;
import com.google.cloudbuild.v1.BuildStep;
import com.google.cloudbuild.v1.Source;
import com.google.cloudbuild.v1.StorageSource;
import com.google.protobuf.Duration;
import dev.runshift.ports.BuildSpec;
import dev.runshift.ports.TestSpec;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Cloud Build v1 {@link Build}s Runshift submits, as pure functions of the release's inputs.
 *
 * <p>Only Dockerfile builds are supported. A {@code configFile} (cloudbuild.yaml inside the source)
 * cannot be honoured faithfully: the v1 CreateBuild API takes the steps in the request and has no
 * "use the config file in the source" option, and running {@code gcloud builds submit --config} as a
 * step would start a second, nested build whose pushed digest never appears in this build's
 * {@code results.images}. Such a spec is rejected with {@link UnsupportedSpecException}; run the config
 * through a Cloud Build trigger instead and release the digest it produced.
 */
public final class BuildDefinitions {
  private BuildDefinitions() {}

  /** The builder image that runs {@code docker build}. */
  public static final String DOCKER_BUILDER = "gcr.io/cloud-builders/docker";

  private static final Pattern GCS = Pattern.compile("gs://([^/]+)/(.+)");

  /** A spec this activity cannot build; the message says what to do instead. */
  public static final class UnsupportedSpecException extends IllegalArgumentException {
    public UnsupportedSpecException(String message) {
      super(message);
    }
  }

  /** {@code repository:tag}, the reference the build pushes and reports a digest for. */
  public static String taggedImage(BuildSpec spec, String tag) {
    return spec.imageRepository() + ":" + tag;
  }

  /** A build of {@code spec}'s source with {@code docker build}, pushing {@code repository:tag}. */
  public static Build imageBuild(BuildSpec spec, String tag) {
    if (spec.configFile() != null && !spec.configFile().isBlank()
        && (spec.dockerfile() == null || spec.dockerfile().isBlank())) {
      throw new UnsupportedSpecException(
          "configFile builds (" + spec.configFile() + ") are not supported: Cloud Build's v1 CreateBuild "
              + "API cannot run a config file from the source and still report the pushed digest. Use a "
              + "dockerfile, or build with a Cloud Build trigger and release the resulting image@sha256.");
    }
    if (spec.imageRepository() == null || spec.imageRepository().isBlank()
        || spec.imageRepository().contains("@") || spec.imageRepository().matches(".*:[^/]*$")) {
      throw new UnsupportedSpecException(
          "imageRepository must be a repository without tag or digest, e.g. "
              + "REGION-docker.pkg.dev/PROJECT/REPO/IMAGE; was '" + spec.imageRepository() + "'");
    }
    String dockerfile = spec.dockerfile() == null || spec.dockerfile().isBlank() ? "Dockerfile" : spec.dockerfile();
    String image = taggedImage(spec, tag);
    return Build.newBuilder()
        .setSource(Source.newBuilder().setStorageSource(storageSource(spec.source())))
        .addSteps(
            BuildStep.newBuilder()
                .setId("docker-build")
                .setName(DOCKER_BUILDER)
                .addAllArgs(List.of("build", "--tag", image, "--file", dockerfile, ".")))
        // Listing the image makes Cloud Build push it after the steps and report its digest in results.images.
        .addImages(image)
        .addTags(tag)
        .addTags(BuildTags.RUNSHIFT)
        .build();
  }

  /** A build that runs {@code spec.command()} inside exactly {@code image} (entrypoint overridden). */
  public static Build testBuild(String image, TestSpec spec, String tag) {
    if (image == null || !ImageRef.isPinned(image)) {
      throw new UnsupportedSpecException(
          "artifact tests run against an image pinned by digest (repository@sha256:<64 hex>); was '" + image + "'");
    }
    if (spec.command() == null || spec.command().isEmpty() || spec.command().get(0).isBlank()) {
      throw new UnsupportedSpecException("the test command is empty");
    }
    BuildStep.Builder step =
        BuildStep.newBuilder()
            .setId("artifact-tests")
            .setName(image)
            .setEntrypoint(spec.command().get(0))
            .addAllArgs(spec.command().subList(1, spec.command().size()));
    Build.Builder b = Build.newBuilder().addSteps(step).addTags(tag).addTags(BuildTags.RUNSHIFT);
    if (spec.timeout() != null && !spec.timeout().isZero() && !spec.timeout().isNegative()) {
      b.setTimeout(Duration.newBuilder().setSeconds(Math.max(1, spec.timeout().toSeconds())));
    }
    return b.build();
  }

  static StorageSource storageSource(String source) {
    Matcher m = source == null ? null : GCS.matcher(source);
    if (m == null || !m.matches()) {
      throw new UnsupportedSpecException(
          "source must be a Cloud Storage archive gs://BUCKET/OBJECT.tar.gz; was '" + source + "'");
    }
    return StorageSource.newBuilder().setBucket(m.group(1)).setObject(m.group(2)).build();
  }
}
