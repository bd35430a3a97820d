package dev.runshift.fleet;

/**
 * A request the fleet sent and has no reply for yet.
 *
 * @param index the service's position in the selection
 * @param restore true for an abort's rollback release, false for the fleet's own
 * @param startedAt workflow time (epoch millis) when the fleet sent it
 * @param askedAt when the fleet last asked the entity about it because its reply was overdue; 0: never
 */
public record InFlight(int index, boolean restore, long startedAt, long askedAt) {

  public InFlight(int index, boolean restore, long startedAt) {
    this(index, restore, startedAt, 0);
  }

  /** When the reply is overdue: {@code timeoutMillis} after it was sent or last asked about. */
  long dueAt(long timeoutMillis) {
    return Math.max(startedAt, askedAt) + timeoutMillis;
  }

  InFlight askedAt(long at) {
    return new InFlight(index, restore, startedAt, at);
  }
}
