package dev.runshift.cli;

/**
 * An error the user can fix (unknown service, no release running, invalid policy file, Temporal
 * unreachable). Its message is the one line printed; the stack trace only with {@code --verbose}.
 */
public final class CliException extends RuntimeException {
  public CliException(String message) {
    super(message);
  }

  public CliException(String message, Throwable cause) {
    super(message, cause);
  }
}
