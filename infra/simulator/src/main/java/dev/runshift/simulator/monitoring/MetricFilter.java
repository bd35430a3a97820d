package dev.runshift.simulator.monitoring;

import dev.runshift.simulator.core.ApiErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The subset of the Cloud Monitoring filter language the simulator understands: equality clauses joined
 * by {@code AND}, each {@code FIELD = "VALUE"} with a double-quoted value ({@code \"} and {@code \\}
 * escapes), whitespace anywhere between tokens. Fields: {@code metric.type}, {@code resource.type},
 * {@code project}, {@code resource.labels.NAME}, {@code metric.labels.NAME} ({@code label} is accepted
 * for {@code labels}). A metric.type clause is required, as in Cloud Monitoring.
 *
 * <p>Anything else (OR, NOT, {@code -}, {@code !=}, {@code :}, {@code <}, functions such as
 * {@code starts_with(...)}, unquoted values, unknown fields) is an INVALID_ARGUMENT for field
 * {@code filter} naming the unsupported part and its offset.
 */
public record MetricFilter(List<Clause> clauses) {
  private static final Pattern FIELD = Pattern.compile(
      "metric\\.type|resource\\.type|project|(resource|metric)\\.labels?\\.[A-Za-z_][A-Za-z0-9_]*");

  /** {@code field = "value"}, with {@code label.} normalized to {@code labels.}. */
  public record Clause(String field, String value) {}

  public MetricFilter {
    clauses = List.copyOf(clauses);
  }

  /** The value every clause on {@code field} requires, if there is exactly one such value. */
  public Optional<String> required(String field) {
    List<String> values = clauses.stream().filter(c -> c.field().equals(field)).map(Clause::value).distinct().toList();
    return values.size() == 1 ? Optional.of(values.get(0)) : Optional.empty();
  }

  /** True when every clause holds; {@code fields} answers a field's value or null when it has none. */
  public boolean matches(Function<String, String> fields) {
    for (Clause c : clauses) {
      if (!c.value().equals(fields.apply(c.field()))) {
        return false;
      }
    }
    return true;
  }

  public static MetricFilter parse(String filter) {
    return new Parser(filter).parse();
  }

  private static final class Parser {
    private final String s;
    private int pos;

    Parser(String s) {
      this.s = s;
    }

    MetricFilter parse() {
      skipSpace();
      if (pos == s.length()) {
        throw ApiErrors.required("filter");
      }
      List<Clause> clauses = new ArrayList<>();
      while (true) {
        clauses.add(clause());
        skipSpace();
        if (pos == s.length()) {
          break;
        }
        int at = pos;
        String word = word();
        if (!word.equals("AND")) {
          throw unsupported(word.isEmpty() ? String.valueOf(s.charAt(at)) : word, at,
              word.equals("OR") || word.equals("NOT") || word.equalsIgnoreCase("and")
                  ? "only AND-joined clauses are supported" : "expected AND");
        }
      }
      if (clauses.stream().noneMatch(c -> c.field().equals("metric.type"))) {
        throw ApiErrors.invalidArgument("filter", "a filter must specify a metric type (metric.type = \"...\").");
      }
      return new MetricFilter(clauses);
    }

    private Clause clause() {
      skipSpace();
      int at = pos;
      if (pos < s.length() && (s.charAt(pos) == '-' || s.charAt(pos) == '(')) {
        throw unsupported(String.valueOf(s.charAt(pos)), at, "negation and grouping are not supported");
      }
      String field = word();
      if (field.isEmpty()) {
        throw unsupported(pos < s.length() ? String.valueOf(s.charAt(pos)) : "end of filter", at, "expected a field");
      }
      if (field.equals("NOT") || field.equals("OR") || field.equals("AND")) {
        throw unsupported(field, at, "only AND-joined equality clauses are supported");
      }
      skipSpace();
      if (pos < s.length() && s.charAt(pos) == '(') {
        throw unsupported(field + "(", at, "functions are not supported");
      }
      if (!FIELD.matcher(field).matches()) {
        throw unsupported(field, at, "unknown field; supported: metric.type, resource.type, project,"
            + " resource.labels.NAME, metric.labels.NAME");
      }
      int opAt = pos;
      if (pos >= s.length() || s.charAt(pos) != '=') {
        throw unsupported(pos < s.length() ? operator() : "end of filter", opAt, "only '=' is supported");
      }
      pos++;
      skipSpace();
      int valueAt = pos;
      if (pos >= s.length() || s.charAt(pos) != '"') {
        String rest = word();
        if (rest.endsWith("(") || (pos < s.length() && s.charAt(pos) == '(')) {
          throw unsupported(rest + "(", valueAt, "functions are not supported");
        }
        throw unsupported(rest.isEmpty() ? "end of filter" : rest, valueAt, "values must be double-quoted strings");
      }
      return new Clause(field.replaceFirst("^(resource|metric)\\.label\\.", "$1.labels."), string());
    }

    private String operator() {
      int start = pos;
      while (pos < s.length() && "!=<>:~".indexOf(s.charAt(pos)) >= 0) {
        pos++;
      }
      return pos == start ? String.valueOf(s.charAt(pos)) : s.substring(start, pos);
    }

    private String string() {
      int at = pos;
      pos++; // opening quote
      StringBuilder out = new StringBuilder();
      while (pos < s.length()) {
        char c = s.charAt(pos++);
        if (c == '"') {
          return out.toString();
        }
        if (c == '\\' && pos < s.length()) {
          out.append(s.charAt(pos++));
        } else {
          out.append(c);
        }
      }
      throw unsupported(s.substring(at), at, "unterminated string");
    }

    private String word() {
      int start = pos;
      while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || "._/-".indexOf(s.charAt(pos)) >= 0)) {
        pos++;
      }
      return s.substring(start, pos);
    }

    private void skipSpace() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }

    private static RuntimeException unsupported(String what, int at, String why) {
      return ApiErrors.invalidArgument("filter",
          "unsupported '" + what + "' at offset " + at + ": " + why
              + " (the Runshift simulator supports only AND-joined equality: field = \"value\").");
    }
  }
}
