package dev.runshift.bench.decisions;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the candidate's 5xx rate relates to the stable (base) rate in a corpus cell:
 *
 * <ul>
 *   <li>{@code none} (or {@code healthy}): the candidate fails exactly as often as stable;
 *   <li>{@code 2x}: the candidate's rate is a multiple of the base rate ({@code 2 x base});
 *   <li>{@code +5 points} (also {@code +5pp}, {@code +5 pts}): base plus 5 percentage points ({@code base + 0.05});
 *   <li>{@code rate 20%} (or {@code rate 0.2}): an absolute candidate rate, whatever the base.
 * </ul>
 *
 * The candidate's rate is capped at 1.
 */
public record Regression(Kind kind, double value) {
  public enum Kind { NONE, FACTOR, POINTS, RATE }

  public static final Regression NONE = new Regression(Kind.NONE, 0);

  private static final Pattern FACTOR = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*[x×]");
  private static final Pattern POINTS =
      Pattern.compile("\\+\\s*(\\d+(?:\\.\\d+)?)\\s*(?:points?|pp|pts?|percentage points?)");
  private static final Pattern RATE = Pattern.compile("rate\\s+(\\S+)");

  public Regression {
    if (kind == null) {
      throw new IllegalArgumentException("a regression needs a kind");
    }
    if (Double.isNaN(value) || value < 0 || (kind == Kind.RATE && value > 1)) {
      throw new IllegalArgumentException("invalid regression value " + value);
    }
  }

  /** Parses the forms listed above; throws {@link IllegalArgumentException} naming them otherwise. */
  public static Regression parse(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("none") || t.equals("healthy")) {
      return NONE;
    }
    Matcher m = FACTOR.matcher(t);
    if (m.matches()) {
      return new Regression(Kind.FACTOR, Double.parseDouble(m.group(1)));
    }
    m = POINTS.matcher(t);
    if (m.matches()) {
      return new Regression(Kind.POINTS, new java.math.BigDecimal(m.group(1)).movePointLeft(2).doubleValue());
    }
    m = RATE.matcher(t);
    if (m.matches()) {
      double rate;
      try {
        rate = Rates.parse(m.group(1));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("\"" + text + "\": " + e.getMessage(), e);
      }
      return new Regression(Kind.RATE, rate);
    }
    throw new IllegalArgumentException("\"" + text + "\" is not a regression (write none, 2x, +5 points or rate 20%)");
  }

  /** The candidate's 5xx rate when stable's is {@code base}. */
  public double candidateRate(double base) {
    double rate = switch (kind) {
      case NONE -> base;
      case FACTOR -> base * value;
      case POINTS -> base + value;
      case RATE -> value;
    };
    return Math.min(1.0, rate);
  }

  public boolean isNone() {
    return kind == Kind.NONE;
  }

  /** The written form: {@code none}, {@code 2x}, {@code +5 points}, {@code rate 20%}. */
  public String label() {
    return switch (kind) {
      case NONE -> "none";
      case FACTOR -> Rates.number(value) + "x";
      case POINTS -> "+" + Rates.number(value * 100) + " points";
      case RATE -> "rate " + Rates.percent(value);
    };
  }

  @Override
  public String toString() {
    return label();
  }
}
