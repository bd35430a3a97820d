package dev.runshift.events;

import dev.runshift.ports.ServiceRef;

/**
 * One event of one release, as sent to the {@link Notifier}: the service and release it belongs to and the
 * image being released (null while it is still being built).
 */
public record EventNotice(ServiceRef service, String releaseId, String image, ReleaseEvent event) {}
