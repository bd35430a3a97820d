package dev.runshift.release;

import dev.runshift.events.ReleaseEvent;
import dev.runshift.events.ReleaseEvent.VerdictGiven;
import dev.runshift.health.Health;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a release's journal a bounded size however many looks it makes: a release may look up to 2,000
 * times, and every look's verdict carries its evidence, which would make the status query (and the
 * workflow's memory) grow past what gRPC carries. Pure and deterministic.
 */
final class VerdictThinning {
  private VerdictThinning() {}

  /** At most this many verdict events are kept. */
  static final int MAX_VERDICTS = 400;

  /**
   * {@code events} with at most {@code max} verdict events: while there are more, every second verdict
   * that repeats the health of the verdict kept before it is dropped, oldest first, so the kept ones
   * still span the whole release evenly. Never dropped: every other event, the first verdict, every
   * change of health, and the newest verdict. Returns {@code events} itself when nothing is dropped.
   */
  static List<ReleaseEvent> thin(List<ReleaseEvent> events, int max) {
    List<ReleaseEvent> out = events;
    while (verdicts(out) > max) {
      List<ReleaseEvent> next = dropEverySecondRepeat(out);
      if (next.size() == out.size()) {
        return out; // only changes of health are left: nothing more may go
      }
      out = next;
    }
    return out;
  }

  private static List<ReleaseEvent> dropEverySecondRepeat(List<ReleaseEvent> events) {
    int newest = -1;
    for (int i = events.size() - 1; i >= 0 && newest < 0; i--) {
      if (events.get(i) instanceof VerdictGiven) {
        newest = i;
      }
    }
    List<ReleaseEvent> out = new ArrayList<>(events.size());
    Health kept = null;
    boolean dropNext = true;
    for (int i = 0; i < events.size(); i++) {
      ReleaseEvent event = events.get(i);
      if (event instanceof VerdictGiven verdict && i != newest) {
        Health health = verdict.verdict().health();
        if (health == kept) {
          boolean drop = dropNext;
          dropNext = !dropNext;
          if (drop) {
            continue;
          }
        }
        kept = health;
      }
      out.add(event);
    }
    return out;
  }

  private static long verdicts(List<ReleaseEvent> events) {
    return events.stream().filter(e -> e instanceof VerdictGiven).count();
  }
}
