package dev.runshift.fleet;

/**
 * Stop a fleet: no new release starts; running ones finish on their own (they are never interrupted).
 *
 * @param rollbackPromoted also release each service this fleet promoted back to the image it served at
 *     selection
 */
public record FleetAbort(String reason, boolean rollbackPromoted) {}
