package dev.runshift.activities.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runshift.events.EventNotice;
import dev.runshift.events.ReleaseEvent;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A release event as a CloudEvent 1.0 in JSON structured mode ({@code application/cloudevents+json}):
 * {@code id} the event's stable id, {@code source} {@code //runshift.dev/projects/P/locations/R/services/S},
 * {@code type} {@code dev.runshift.release.<kind>}, {@code subject} the release id, {@code time} the event's
 * workflow time, and {@code data} the notice (service, releaseId, image, event) as JSON.
 */
public final class CloudEvents {
  /** The media type of a structured-mode CloudEvent. */
  public static final String CONTENT_TYPE = "application/cloudevents+json";
  /** Prefix of every event type. */
  public static final String TYPE_PREFIX = "dev.runshift.release.";

  private static final ObjectMapper JSON = new ObjectMapper();

  private CloudEvents() {}

  /** {@code dev.runshift.release.<kind>}, e.g. {@code dev.runshift.release.shifted}. */
  public static String type(ReleaseEvent event) {
    return TYPE_PREFIX + ReleaseEvent.typeName(event);
  }

  /** The source of a notice's events: its service. */
  public static String source(EventNotice notice) {
    return "//runshift.dev/" + notice.service().resourceName();
  }

  /** The CloudEvent as UTF-8 JSON. */
  public static byte[] json(EventNotice notice) {
    ReleaseEvent event = notice.event();
    ObjectNode root = JSON.createObjectNode();
    root.put("specversion", "1.0");
    root.put("id", event.id());
    root.put("source", source(notice));
    root.put("type", type(event));
    root.put("subject", notice.releaseId());
    root.put("time", Instant.ofEpochMilli(event.at()).toString());
    root.put("datacontenttype", "application/json");
    root.set("data", JSON.valueToTree(notice));
    try {
      return JSON.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
