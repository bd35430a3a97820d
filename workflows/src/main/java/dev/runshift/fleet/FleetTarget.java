package dev.runshift.fleet;

import dev.runshift.ports.ServiceRef;

/** One selected service and the image it served at selection (what an abort with rollback restores). */
public record FleetTarget(ServiceRef service, String previousImage) {}
