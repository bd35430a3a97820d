package dev.runshift.ports;

import dev.runshift.traffic.TrafficMap;

import java.util.Map;

/**
 * A service as read from Cloud Run.
 *
 * @param servingImage the image of the revision serving the most traffic ({@code repository@sha256:…}
 *     when deployed by digest)
 */
public record ServiceSnapshot(
    ServiceRef service,
    String etag,
    TrafficMap traffic,
    String latestReadyRevision,
    String servingImage,
    Map<String, String> labels) {}
