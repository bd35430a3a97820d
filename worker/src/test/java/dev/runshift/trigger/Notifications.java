package dev.runshift.trigger;

import com.google.cloudbuild.v1.Build;
import com.google.cloudbuild.v1.BuiltImage;
import com.google.cloudbuild.v1.Results;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.google.pubsub.v1.PubsubMessage;
import dev.runshift.config.RoutingConfig;
import dev.runshift.config.RoutingConfigs;
import java.nio.charset.StandardCharsets;

/** Cloud Build notifications as Cloud Build writes them: the Build resource printed as JSON. */
final class Notifications {
  private Notifications() {}

  static final String REPO = "europe-west1-docker.pkg.dev/acme/apps/checkout";
  static final String OTHER_REPO = "europe-west1-docker.pkg.dev/acme/apps/unrouted";

  /** checkout images (any tag) go to checkout in two regions; worker images to worker. */
  static RoutingConfig routing() {
    return RoutingConfigs.parse("test-routing.yaml", """
        routes:
          - image: %s
            services:
              - { project: acme-prod, region: europe-west1, service: checkout }
              - { project: acme-prod, region: us-central1, service: checkout }
          - image: europe-west1-docker.pkg.dev/acme/apps/worker
            services:
              - { project: acme-prod, region: europe-west1, service: worker }
        """.formatted(REPO), null);
  }

  /** Only checkout in europe-west1: one release per notification. */
  static RoutingConfig singleServiceRouting() {
    return RoutingConfigs.parse("test-routing.yaml", """
        routes:
          - image: %s
            services:
              - { project: acme-prod, region: europe-west1, service: checkout }
        """.formatted(REPO), null);
  }

  /**
   * A Cloud Build that backs every claim, for tests of what happens after confirmation (the confirmation
   * itself is tested against the simulator's Cloud Build in {@link CloudBuildConfirmationTest}).
   */
  static final BuildConfirmer CONFIRMS_EVERY_CLAIM = claim -> java.util.Optional.empty();

  static String digest(char c) {
    return "sha256:" + String.valueOf(c).repeat(64);
  }

  static Build.Builder build(String id, Build.Status status) {
    return Build.newBuilder().setId(id).setProjectId("acme-ci").setStatus(status);
  }

  static Build success(String id, String imageName, String digest) {
    return build(id, Build.Status.SUCCESS)
        .addImages(imageName)
        .setResults(Results.newBuilder()
            .addImages(BuiltImage.newBuilder().setName(imageName).setDigest(digest)))
        .build();
  }

  static String json(Build build) {
    try {
      return JsonFormat.printer().print(build);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  static PubsubMessage message(String id, Build build) {
    return PubsubMessage.newBuilder()
        .setMessageId(id)
        .setData(ByteString.copyFromUtf8(json(build)))
        .putAttributes("buildId", build.getId())
        .putAttributes("status", build.getStatus().name())
        .build();
  }

  static PubsubMessage message(String id, String data) {
    return message(id, ByteString.copyFrom(data, StandardCharsets.UTF_8));
  }

  static PubsubMessage message(String id, ByteString data) {
    return PubsubMessage.newBuilder().setMessageId(id).setData(data).build();
  }
}
