package dev.runshift.policy;

/** What a release does when analysis fails: roll traffic back, or hold it and wait for an operator. */
public enum FailureAction {
  ROLLBACK,
  PAUSE
}
