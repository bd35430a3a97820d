package dev.runshift.release;

/**
 * An operator's command to a release, with an optional reason and who sent it.
 *
 * @param by who the sender says they are (e.g. {@code cli:$USER}): self-asserted
 * @param identity the sending Temporal client's identity (its {@code pid@host} unless configured), or null;
 *     also set by the client. What authenticates an operator is the namespace's authorization.
 */
public record Command(Action action, String reason, String by, String identity) {

  public Command(Action action, String reason, String by) {
    this(action, reason, by, null);
  }

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
