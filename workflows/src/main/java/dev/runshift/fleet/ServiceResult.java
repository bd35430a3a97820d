package dev.runshift.fleet;

import dev.runshift.ports.ServiceRef;

/** One selected service's outcome, with the entity's release id (if one ran) and why. */
public record ServiceResult(ServiceRef service, ServiceOutcome outcome, String releaseId, String reason) {}
