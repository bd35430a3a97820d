package dev.runshift.report;

import com.google.common.escape.Escaper;
import com.google.common.xml.XmlEscapers;
import java.util.Locale;

/**
 * Writes SVG markup: every attribute value and every text is XML-escaped here, and numbers are written
 * with at most two decimals in the root locale, so callers never build markup from raw strings.
 */
final class SvgWriter {
  private static final Escaper CONTENT = XmlEscapers.xmlContentEscaper();
  private static final Escaper ATTRIBUTE = XmlEscapers.xmlAttributeEscaper();

  private final StringBuilder out = new StringBuilder();

  /** Opens {@code tag} with attributes given as name, value pairs. */
  SvgWriter open(String tag, Object... attributes) {
    start(tag, attributes);
    out.append(">\n");
    return this;
  }

  SvgWriter close(String tag) {
    out.append("</").append(tag).append(">\n");
    return this;
  }

  /** An element without content. */
  SvgWriter empty(String tag, Object... attributes) {
    start(tag, attributes);
    out.append("/>\n");
    return this;
  }

  /** An element holding only {@code text}. */
  SvgWriter text(String tag, String text, Object... attributes) {
    start(tag, attributes);
    out.append('>').append(CONTENT.escape(text)).append("</").append(tag).append(">\n");
    return this;
  }

  /** A tooltip: the {@code <title>} child of the element opened last. */
  SvgWriter title(String text) {
    return text("title", text);
  }

  @Override
  public String toString() {
    return out.toString();
  }

  private void start(String tag, Object... attributes) {
    if (attributes.length % 2 != 0) {
      throw new IllegalArgumentException("attributes come in name, value pairs: " + attributes.length);
    }
    out.append('<').append(tag);
    for (int i = 0; i < attributes.length; i += 2) {
      Object value = attributes[i + 1];
      if (value == null) {
        continue;
      }
      out.append(' ').append(attributes[i]).append("=\"").append(ATTRIBUTE.escape(format(value))).append('"');
    }
  }

  static String format(Object value) {
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException("not a finite number: " + d);
      }
      String s = String.format(Locale.ROOT, "%.2f", d);
      s = s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
      return s.equals("-0") ? "0" : s;
    }
    return String.valueOf(value);
  }
}
