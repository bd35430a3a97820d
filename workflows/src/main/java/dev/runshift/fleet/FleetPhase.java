package dev.runshift.fleet;

/** Where a fleet redeploy is. The last four are final. */
public enum FleetPhase {
  SELECTING,
  RELEASING,
  PAUSED,
  BAKING,
  AWAITING_APPROVAL,
  ROLLING_BACK,
  /** Every selected service was handled. */
  COMPLETED,
  /** The failure budget was spent; the services not started were left untouched. */
  STOPPED_BY_BUDGET,
  /** An operator aborted it (and, if asked, the promoted services were released back). */
  ABORTED,
  /** Nothing to do: no service matched, or the image could not be resolved. */
  FAILED;

  public boolean isFinal() {
    return this == COMPLETED || this == STOPPED_BY_BUDGET || this == ABORTED || this == FAILED;
  }
}
