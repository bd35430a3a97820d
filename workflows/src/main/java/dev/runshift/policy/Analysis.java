package dev.runshift.policy;

/** How a release judges a step's metrics. */
public enum Analysis {
  /**
   * Anytime-valid sequential tests on the counts of every sample period of the release (the default):
   * roll back as soon as the evidence shows harm, advance as soon as it shows enough.
   */
  SEQUENTIAL,
  /**
   * The earlier rule, kept for comparison and for policies that ask for it: point estimates over the
   * window since the step began, {@code failureLimit} unhealthy windows in a row fail the step.
   */
  THRESHOLD
}
