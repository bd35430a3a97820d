package dev.runshift.bench.decisions;

import java.util.Locale;

/** Rates as people write them in the corpus: a fraction ({@code 0.005}) or a percent ({@code 0.5%}). */
final class Rates {
  private Rates() {}

  /** A fraction in [0, 1]; throws {@link IllegalArgumentException} saying which forms are accepted. */
  static double parse(String text) {
    String t = text == null ? "" : text.trim();
    boolean percent = t.endsWith("%");
    String number = percent ? t.substring(0, t.length() - 1).trim() : t;
    double v;
    try {
      // exact decimal arithmetic, so 0.9% is the double nearest 0.009
      v = new java.math.BigDecimal(number).movePointLeft(percent ? 2 : 0).doubleValue();
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("\"" + text + "\" is not a rate (write 0.005 or 0.5%)");
    }
    check(v, text);
    return v;
  }

  static double check(double v, Object written) {
    if (Double.isNaN(v) || v < 0 || v > 1) {
      throw new IllegalArgumentException("\"" + written + "\" is not a rate in [0, 1] (write 0.005 or 0.5%)");
    }
    return v;
  }

  /** {@code 0.001} as {@code 0.1%}, {@code 0.2} as {@code 20%}. */
  static String percent(double fraction) {
    return number(fraction * 100) + "%";
  }

  /** A number without trailing zeros: {@code 2}, {@code 0.5}, {@code 1.25}. */
  static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    String s = String.format(Locale.ROOT, "%.6f", v);
    s = s.replaceAll("0+$", "");
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }
}
