package dev.runshift.policy;

/** Checks every field of a {@link RolloutPolicy}. TODO(issue 2): implement all rules. */
final class PolicyValidator {
  private PolicyValidator() {}

  static void validate(RolloutPolicy policy) {
    throw new UnsupportedOperationException("not implemented yet");
  }
}
