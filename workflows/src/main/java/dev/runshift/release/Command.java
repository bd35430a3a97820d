package dev.runshift.release;

/** An operator's command to a release, with an optional reason and who sent it. */
public record Command(Action action, String reason, String by) {

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
