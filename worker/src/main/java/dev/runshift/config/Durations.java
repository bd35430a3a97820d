package dev.runshift.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in config: {@code 30s}, {@code 5m}, {@code 1h30m}, {@code 250ms},
 * {@code 2d}, or ISO-8601 ({@code PT5M}). Units: ms, s, m, h, d; parts from largest to smallest.
 */
public final class Durations {
  private Durations() {}

  private static final Pattern SHORT =
      Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m(?!s))?(?:(\\d+)s)?(?:(\\d+)ms)?");

  /** Parses {@code text}; throws {@link IllegalArgumentException} saying which forms are accepted. */
  public static Duration parse(String text) {
    String t = text == null ? "" : text.trim();
    if (t.isEmpty()) {
      throw new IllegalArgumentException("empty duration " + hint());
    }
    if (t.charAt(0) == 'P' || t.charAt(0) == 'p') {
      try {
        return Duration.parse(t);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("\"" + text + "\" is not an ISO-8601 duration " + hint(), e);
      }
    }
    Matcher m = SHORT.matcher(t);
    if (!m.matches() || t.chars().noneMatch(Character::isLetter)) {
      throw new IllegalArgumentException("\"" + text + "\" is not a duration " + hint());
    }
    try {
      return Duration.ofDays(part(m, 1))
          .plusHours(part(m, 2))
          .plusMinutes(part(m, 3))
          .plusSeconds(part(m, 4))
          .plusMillis(part(m, 5));
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("\"" + text + "\" is too long a duration", e);
    }
  }

  /** The short form for display: {@code 5m}, {@code 1h30m}, {@code 250ms}. */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder b = new StringBuilder();
    if (d.toDaysPart() > 0) b.append(d.toDaysPart()).append('d');
    if (d.toHoursPart() > 0) b.append(d.toHoursPart()).append('h');
    if (d.toMinutesPart() > 0) b.append(d.toMinutesPart()).append('m');
    if (d.toSecondsPart() > 0) b.append(d.toSecondsPart()).append('s');
    if (d.toMillisPart() > 0) b.append(d.toMillisPart()).append("ms");
    return b.toString();
  }

  private static long part(Matcher m, int group) {
    String g = m.group(group);
    return g == null ? 0 : Long.parseLong(g);
  }

  private static String hint() {
    return "(use e.g. 30s, 5m, 1h30m, 250ms or ISO-8601 like PT5M)";
  }
}
