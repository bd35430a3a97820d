package dev.runshift.release;

/** Where a release is. The last three are final. */
public enum Phase {
  PENDING,
  BUILDING,
  TESTING,
  DEPLOYING,
  SMOKE_TESTING,
  SHIFTING,
  VERIFYING,
  PAUSED,
  AWAITING_APPROVAL,
  AWAITING_OPERATOR,
  PROMOTED,
  ROLLED_BACK,
  ABORTED;

  public boolean isFinal() {
    return this == PROMOTED || this == ROLLED_BACK || this == ABORTED;
  }
}
