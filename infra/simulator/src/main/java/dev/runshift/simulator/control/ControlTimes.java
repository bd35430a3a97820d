package dev.runshift.simulator.control;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times in control requests: an ISO-8601 instant ({@code 2026-11-23T10:00:00Z}), {@code now}, or an offset
 * from the simulator's now, {@code +DURATION} (also {@code now+DURATION}), with DURATION written
 * {@code 90s}, {@code 5m}, {@code 1h30m}, {@code 2d} or ISO-8601 ({@code PT5M}).
 */
final class ControlTimes {
  private static final Pattern COMPACT = Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

  private ControlTimes() {}

  /** {@code text} as an instant, offsets counted from {@code now}; a 400 naming {@code field} if unreadable. */
  static Instant parse(String field, String text, Instant now) {
    String t = text.trim();
    if (t.equalsIgnoreCase("now")) {
      return now;
    }
    String offset = t.startsWith("now+") ? t.substring(4) : t.startsWith("+") ? t.substring(1) : null;
    if (offset != null) {
      Duration d = duration(offset);
      if (d == null) {
        throw ControlException.badRequest(field + " '" + text + "' is not a time: the offset must look like 90s,"
            + " 5m, 1h30m, 2d or PT5M");
      }
      return now.plus(d);
    }
    try {
      return Instant.parse(t);
    } catch (DateTimeParseException e) {
      throw ControlException.badRequest(field + " '" + text + "' is not a time: give an ISO-8601 instant"
          + " (2026-11-23T10:00:00Z), now, or +DURATION (+5m)");
    }
  }

  private static Duration duration(String s) {
    if (s.isEmpty()) {
      return null;
    }
    if (s.startsWith("P") || s.startsWith("p")) {
      try {
        Duration d = Duration.parse(s);
        return d.isNegative() ? null : d;
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    Matcher m = COMPACT.matcher(s);
    if (!m.matches()) {
      return null;
    }
    Duration d = Duration.ZERO;
    long[] unitsSeconds = {86_400, 3_600, 60, 1};
    for (int g = 1; g <= 4; g++) {
      if (m.group(g) != null) {
        d = d.plusSeconds(Long.parseLong(m.group(g)) * unitsSeconds[g - 1]);
      }
    }
    return d;
  }
}
