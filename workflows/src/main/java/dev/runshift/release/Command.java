package dev.runshift.release;

/** An operator's command to a release, with an optional reason and who sent it. */
public record Command(Action action, String reason, String by) {
  /** The longest reason a release records: a few sentences, not a log file. */
  public static final int MAX_REASON_LENGTH = 1000;

  /** Why {@code reason} cannot be recorded, or null if it can (it is printed escaped, whatever it holds). */
  public static String reasonProblem(String reason) {
    if (reason != null && reason.length() > MAX_REASON_LENGTH) {
      return "the reason is " + reason.length() + " characters; at most " + MAX_REASON_LENGTH + " are recorded";
    }
    return null;
  }

  public enum Action {
    PAUSE,
    RESUME,
    PROMOTE,
    ABORT,
    APPROVE,
    RETRY,
    SKIP
  }
}
