package dev.runshift.release;

/**
 * What a release does after a look.
 *
 * @param failureType for {@link Kind#ASK_OPERATOR}: the failure type the operator sees, else null
 * @param reason in words
 */
public record StepAction(Kind kind, String reason, String failureType) {
  public enum Kind {
    /** Move to the next step (or promote after the last). */
    ADVANCE,
    /** Restore the traffic from before the release and end it. */
    ROLL_BACK,
    /** Keep the traffic and look again after the analysis interval. */
    HOLD,
    /** Keep the traffic and wait for retry, skip, promote or abort. */
    ASK_OPERATOR
  }

  static StepAction advance(String reason) {
    return new StepAction(Kind.ADVANCE, reason, null);
  }

  static StepAction rollBack(String reason) {
    return new StepAction(Kind.ROLL_BACK, reason, null);
  }

  static StepAction hold(String reason) {
    return new StepAction(Kind.HOLD, reason, null);
  }

  static StepAction askOperator(String failureType, String reason) {
    return new StepAction(Kind.ASK_OPERATOR, reason, failureType);
  }
}
