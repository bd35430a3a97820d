package dev.runshift.bench.decisions;

/** What a release does after one look at its metrics. */
public enum Move {
  /** Stay at this step; look again after the policy's interval. */
  HOLD,
  /** Move to the next step now (after the last step: promote). */
  ADVANCE,
  /** Roll back now. */
  ROLL_BACK,
  /** Stop and wait for an operator: the release is stalled. */
  ASK_OPERATOR
}
