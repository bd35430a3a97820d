package dev.runshift.worker;

/** Temporal did not answer at the configured address; the message says where and why. */
public final class TemporalUnreachableException extends RuntimeException {
  public TemporalUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}
