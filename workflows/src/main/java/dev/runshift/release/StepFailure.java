package dev.runshift.release;

/** A step that failed for good: which step, the failure type and the message for the operator. */
public record StepFailure(String step, String type, String message) {}
