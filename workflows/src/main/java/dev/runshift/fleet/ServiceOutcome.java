package dev.runshift.fleet;

/** How one selected service ended in a fleet redeploy. */
public enum ServiceOutcome {
  /** Its release promoted the fleet's image. */
  PROMOTED,
  /** It already served the fleet's image; nothing ran. */
  UNCHANGED,
  /** Its release rolled back, was aborted, failed, was rejected, or could not be submitted. */
  FAILED,
  /** A newer request for the service replaced the fleet's while it waited. */
  SUPERSEDED,
  /** Promoted, then restored to its previous image by an abort with rollback. */
  RESTORED,
  /** Promoted; the abort's rollback to its previous image did not promote. */
  RESTORE_FAILED;

  public boolean countsAsFailure() {
    return this == FAILED;
  }
}
