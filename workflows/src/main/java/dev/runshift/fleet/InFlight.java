package dev.runshift.fleet;

/**
 * A request the fleet sent and has no reply for yet.
 *
 * @param index the service's position in the selection
 * @param restore true for an abort's rollback release, false for the fleet's own
 */
public record InFlight(int index, boolean restore, long startedAt) {}
