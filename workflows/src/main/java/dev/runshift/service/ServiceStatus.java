package dev.runshift.service;

import dev.runshift.ports.ServiceRef;
import java.util.List;

/**
 * What a service's entity knows, as its {@code status()} query reports it.
 *
 * @param servingImage the image the service is known to serve (last promoted, or learned from Cloud
 *     Run at first start); null if unknown
 * @param current the running release, or null when idle
 * @param queued the request that runs next, or null
 * @param history finished releases, oldest first, bounded
 * @param ignored ignored requests and controls, oldest first, bounded
 * @param releasesStarted releases started over the entity's whole life (across continue-as-new)
 * @param generation how many times this entity continued as new
 */
public record ServiceStatus(
    ServiceRef service,
    String workflowId,
    String servingImage,
    CurrentRelease current,
    ReleaseSubmission queued,
    List<ReleaseRecord> history,
    List<IgnoredEvent> ignored,
    long releasesStarted,
    int generation) {}
