package dev.runshift.ports;

/**
 * Text from outside (operators' reasons, names, messages) made safe to print on one terminal line:
 * control characters (escape sequences, carriage returns, newlines, tabs), Unicode format characters
 * (bidirectional overrides) and line separators are shown as {@code \n}, {@code \t} or {@code \\uXXXX}
 * instead of acting on the terminal, and a backslash as {@code \\}, so what is printed cannot fake a line
 * or rewrite the screen.
 */
public final class PrintableText {
  private PrintableText() {}

  public static String escape(String text) {
    if (text == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(c -> {
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          int type = Character.getType(c);
          if (type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
              || type == Character.PARAGRAPH_SEPARATOR || type == Character.UNASSIGNED
              || type == Character.PRIVATE_USE || type == Character.SURROGATE) {
            out.append(String.format("\\u%04x", c));
          } else {
            out.appendCodePoint(c);
          }
        }
      }
    });
    return out.toString();
  }

  /** At most {@code max} characters of {@code text}, ending in "…" when cut. */
  public static String truncate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
