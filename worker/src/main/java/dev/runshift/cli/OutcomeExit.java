package dev.runshift.cli;

import dev.runshift.release.Phase;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * How {@code runshift deploy --wait} and {@code runshift status --watch} exit: one distinct code per way a
 * release ends or stops being followed, so that a CI pipeline can gate on it. Codes 1 (an error, printed
 * as one line) and 2 (an invalid command line) keep their meaning for every command.
 */
public enum OutcomeExit {
  PROMOTED(0, "promoted: the candidate serves all traffic"),
  ROLLED_BACK(3, "rolled back: the traffic from before the release is restored"),
  ABORTED(4, "aborted by an operator, or by a newer request (--mode ABORT_CURRENT); traffic restored"),
  AWAITING_OPERATOR(5, "waiting for an operator (retry, skip or abort): the release keeps waiting"),
  TIMED_OUT(6, "--timeout passed first: the release keeps running"),
  IGNORED(7, "ignored: the service already serves, releases or queues this image, or a newer request"
      + " superseded it; nothing changed"),
  FAILED(8, "the release workflow failed without an outcome (terminated or timed out in Temporal)");

  /** A failed command (one line on stderr), as for every command. */
  public static final int ERROR = 1;
  /** An invalid command line (picocli's usage error). */
  public static final int USAGE = 2;

  private final int code;
  private final String meaning;

  OutcomeExit(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  public int code() {
    return code;
  }

  public String meaning() {
    return meaning;
  }

  /** The code for a release that ended in {@code phase} (a final phase). */
  static OutcomeExit of(Phase phase) {
    return switch (phase) {
      case PROMOTED -> PROMOTED;
      case ROLLED_BACK -> ROLLED_BACK;
      case ABORTED -> ABORTED;
      default -> throw new IllegalArgumentException("not a final phase: " + phase);
    };
  }

  /** What {@code status --watch} can end with: it keeps watching through a wait for an operator. */
  static final Set<OutcomeExit> WATCH = EnumSet.of(PROMOTED, ROLLED_BACK, ABORTED, FAILED);

  /** Every code with its meaning, for {@code deploy --help} (picocli's exit code list). */
  static Map<String, String> usageList() {
    return usageList(EnumSet.allOf(OutcomeExit.class));
  }

  /** The codes of {@code possible} with their meanings, and the error and usage codes. */
  static Map<String, String> usageList(Set<OutcomeExit> possible) {
    Map<String, String> list = new LinkedHashMap<>();
    for (OutcomeExit e : possible) {
      list.put(String.format("%2d", e.code), e.meaning);
      if (e == PROMOTED) {
        list.put(String.format("%2d", ERROR), "error: one line on stderr (unknown service, Temporal unreachable, …)");
        list.put(String.format("%2d", USAGE), "invalid command line");
      }
    }
    return list;
  }
}
