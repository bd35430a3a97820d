package dev.runshift.release;

/**
 * Something the release decided or was told, when (workflow time), by whom, and why.
 *
 * @param by who asked, as they said (self-asserted), or null for the release's own decisions
 * @param identity the Temporal client identity the command came from, or null
 */
public record Decision(long atEpochMillis, String what, String reason, String by, String identity) {

  public Decision(long atEpochMillis, String what, String reason, String by) {
    this(atEpochMillis, what, reason, by, null);
  }
}
