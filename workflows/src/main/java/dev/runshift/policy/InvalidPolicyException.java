package dev.runshift.policy;

/** A policy field holds a value no release can use; the message names the field and the value. */
public class InvalidPolicyException extends IllegalArgumentException {
  private final String field;

  public InvalidPolicyException(String field, Object value, String rule) {
    super("invalid policy: " + field + " = " + value + ": " + rule);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
