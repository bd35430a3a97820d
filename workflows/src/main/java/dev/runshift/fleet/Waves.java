package dev.runshift.fleet;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a wave spec into cumulative service counts. Each entry is an absolute count ({@code 1},
 * {@code 10}) or a percentage of the selected services ({@code 5%}, rounded up); both are cumulative.
 * Counts are capped at the total, waves that add nothing are dropped, and if the last wave does not
 * reach every selected service a final wave for the rest is added. Pure.
 */
public final class Waves {
  private Waves() {}

  /** Cumulative end index of each wave for {@code total} services; empty when {@code total} is 0. */
  public static List<Integer> cumulativeEnds(List<String> spec, int total) {
    List<Integer> ends = new ArrayList<>();
    int last = 0;
    for (String raw : spec == null ? List.<String>of() : spec) {
      int end = Math.min(total, Math.max(last, count(raw, total)));
      if (end > last) {
        ends.add(end);
        last = end;
      }
    }
    if (last < total) {
      ends.add(total);
    }
    return ends;
  }

  /** Checks a spec without a total; throws {@link IllegalArgumentException} naming the bad entry. */
  public static void validate(List<String> spec) {
    for (String raw : spec == null ? List.<String>of() : spec) {
      count(raw, 100);
    }
  }

  private static int count(String raw, int total) {
    String s = raw == null ? "" : raw.trim();
    try {
      if (s.endsWith("%")) {
        double percent = Double.parseDouble(s.substring(0, s.length() - 1).trim());
        if (percent <= 0 || percent > 100) {
          throw new IllegalArgumentException("wave '" + raw + "': a percentage must be in (0, 100]");
        }
        return (int) Math.ceil(percent * total / 100.0 - 1e-9);
      }
      int n = Integer.parseInt(s);
      if (n < 1) {
        throw new IllegalArgumentException("wave '" + raw + "': a count must be >= 1");
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("wave '" + raw + "' is neither a count (5) nor a percentage (25%)");
    }
  }
}
