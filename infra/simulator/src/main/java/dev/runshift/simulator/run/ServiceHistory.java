package dev.runshift.simulator.run;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a service served over its life, as the monitoring model needs it: its traffic and request-rate
 * histories (both in time order) and the image of each of its revisions.
 *
 * @param deletedAt when the service was deleted, or null
 */
public record ServiceHistory(
    String project,
    String location,
    String service,
    List<TrafficChange> traffic,
    List<RateChange> rates,
    Map<String, String> revisionImages,
    Instant deletedAt) {}
