package dev.runshift.trigger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.cloudbuild.v1.Build;
import com.google.cloudbuild.v1.BuiltImage;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.runshift.config.FleetSpec;
import dev.runshift.ports.ImageRef;
import dev.runshift.config.ServiceTarget;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Set;

/**
 * Reads one Cloud Build Pub/Sub notification (the message data is the {@code Build} resource as JSON,
 * attributes {@code buildId} and {@code status}) and decides what it asks for. Pure and total: every
 * input gives a {@link Notification}, nothing throws.
 *
 * <p>Only a {@code SUCCESS} build starts anything, and only for images in {@code results.images} that
 * carry a digest and match a route; each becomes a release of {@code repository@digest}. Unknown fields
 * are ignored (Cloud Build adds fields); anything that does not have the shape of a Build — not UTF-8,
 * not JSON, not an object, wrong field types, an unknown status, an image without a valid digest, more
 * than {@link #DEFAULT_MAX_BYTES} — is {@link Notification.Malformed} with the exact reason.
 */
public final class BuildNotificationParser {
  /** Real notifications are a few KiB; anything over 1 MiB is not one. */
  public static final int DEFAULT_MAX_BYTES = 1024 * 1024;

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();
  private static final JsonFormat.Parser BUILD_JSON = JsonFormat.parser().ignoringUnknownFields();

  private static final Pattern BUILD_NAME = Pattern.compile("projects/([^/]+)/locations/([^/]+)/builds/([^/]+)");

  private final Router router;
  private final int maxBytes;

  public BuildNotificationParser(Router router) {
    this(router, DEFAULT_MAX_BYTES);
  }

  public BuildNotificationParser(Router router, int maxBytes) {
    this.router = router;
    this.maxBytes = maxBytes;
  }

  public Notification parse(ByteString data, Map<String, String> attributes) {
    if (data == null || data.isEmpty()) {
      return malformed("empty message body (expected a Cloud Build Build as JSON)");
    }
    if (data.size() > maxBytes) {
      return malformed("message body is " + data.size() + " bytes, over the " + maxBytes
          + "-byte limit for a build notification");
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(data.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      return malformed("message body is not UTF-8 text");
    }
    JsonNode tree;
    try {
      tree = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return malformed("message body is not valid JSON: " + e.getOriginalMessage());
    }
    if (tree == null || !tree.isObject()) {
      return malformed("expected a JSON object (a Cloud Build Build), got "
          + (tree == null ? "nothing" : tree.getNodeType().toString().toLowerCase()));
    }
    Build.Status status;
    try {
      status = status(tree);
    } catch (IllegalArgumentException e) {
      return malformed(e.getMessage());
    }
    Build.Builder builder = Build.newBuilder();
    try {
      BUILD_JSON.merge(text, builder);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      return malformed("not a Cloud Build Build: " + e.getMessage());
    }
    Build build = builder.build();
    String buildId = build.getId();
    if (buildId.isBlank()) {
      return malformed("the build has no id");
    }
    String attributeId = attributes == null ? null : attributes.get("buildId");
    if (attributeId != null && !attributeId.equals(buildId)) {
      return malformed("buildId attribute \"" + preview(attributeId) + "\" does not match the build's id \""
          + preview(buildId) + "\"");
    }
    if (status != Build.Status.SUCCESS) {
      return new Notification.Ignore("build " + buildId + " is " + status + ", only SUCCESS releases", List.of());
    }
    String project = build.getProjectId();
    String location = null;
    if (!build.getName().isEmpty()) {
      Matcher name = BUILD_NAME.matcher(build.getName());
      if (!name.matches() || !name.group(3).equals(buildId)
          || (!project.isEmpty() && !project.equals(name.group(1)))) {
        return malformed("name \"" + preview(build.getName()) + "\" is not projects/" + preview(project)
            + "/locations/LOCATION/builds/" + preview(buildId));
      }
      project = name.group(1);
      location = name.group(2);
    }
    if (project.isBlank()) {
      return malformed("the build has no projectId");
    }
    return routes(buildId, build.getResults().getImagesList(), project, location);
  }

  private Notification routes(String buildId, List<BuiltImage> images, String project, String location) {
    if (images.isEmpty()) {
      return new Notification.Ignore("build " + buildId + " pushed no images", List.of());
    }
    List<ImageRef> refs = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      BuiltImage image = images.get(i);
      String where = "results.images[" + i + "]";
      if (image.getName().isBlank()) {
        return malformed(where + " has no name");
      }
      ImageRef ref;
      try {
        ref = ImageRef.parse(image.getName());
      } catch (IllegalArgumentException e) {
        return malformed(where + ".name: " + e.getMessage());
      }
      String digest = image.getDigest();
      if (digest.isEmpty()) {
        return malformed(where + " (" + preview(image.getName()) + ") has no digest");
      }
      if (!ImageRef.isDigest(digest)) {
        return malformed(where + ".digest \"" + preview(digest) + "\" is not sha256:<64 hex digits>");
      }
      if (ref.digest() != null && !ref.digest().equals(digest)) {
        return malformed(where + ": name pins " + ref.digest() + " but digest is " + digest);
      }
      refs.add(ref.withDigest(digest));
    }
    List<RoutedRelease> releases = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    List<String> unrouted = new ArrayList<>();
    String origin = "cloud-build:" + buildId;
    List<RoutedFleet> fleets = new ArrayList<>();
    for (ImageRef ref : refs) {
      for (FleetSpec fleet : router.fleets(ref)) {
        RoutedFleet routed = new RoutedFleet(fleet, router.policy(fleet.policy()), ref.byDigest(), buildId);
        if (fleets.stream().noneMatch(f -> f.fleetId().equals(routed.fleetId()))) {
          fleets.add(routed);
        }
      }
      List<ServiceTarget> targets = router.route(ref);
      if (targets.isEmpty() && !router.fleets(ref).isEmpty()) {
        continue;
      }
      if (targets.isEmpty()) {
        unrouted.add(ref.repository() + (ref.tag() == null ? "" : ":" + ref.tag()));
        continue;
      }
      String image = ref.byDigest();
      for (ServiceTarget target : targets) {
        if (seen.add(target.service() + " " + image)) {
          releases.add(new RoutedRelease(target, image, origin, origin + ":" + image));
        }
      }
    }
    if (releases.isEmpty() && fleets.isEmpty()) {
      return new Notification.Ignore("build " + buildId + ": no route for " + unrouted, unrouted);
    }
    return new Notification.Routes(buildId, releases, unrouted, fleets, project, location);
  }

  /** The status as a known enum name; anything else is malformed (Cloud Build writes names). */
  private static Build.Status status(JsonNode tree) {
    JsonNode node = tree.get("status");
    if (node == null || node.isNull()) {
      throw new IllegalArgumentException("the build has no status");
    }
    if (!node.isTextual()) {
      throw new IllegalArgumentException("status must be a string such as \"SUCCESS\", got "
          + node.getNodeType().toString().toLowerCase() + " " + preview(node.toString()));
    }
    EnumValueDescriptor value = Build.Status.getDescriptor().findValueByName(node.asText());
    if (value == null) {
      throw new IllegalArgumentException("unknown build status \"" + preview(node.asText()) + "\"");
    }
    return Build.Status.valueOf(value);
  }

  private static Notification malformed(String reason) {
    return new Notification.Malformed(reason);
  }

  /** At most 80 characters of untrusted text, for messages. */
  static String preview(String text) {
    String oneLine = text.replaceAll("\\s+", " ");
    return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 77) + "...";
  }
}
