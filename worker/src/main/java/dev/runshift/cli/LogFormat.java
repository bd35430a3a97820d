package dev.runshift.cli;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code RUNSHIFT_LOG_FORMAT}, which {@code logback.xml} uses as the name of its appender: {@code text}
 * (default) or {@code json}. Any other value would select no appender and silence every log line, so it
 * is refused before anything runs.
 */
final class LogFormat {
  static final String ENV = "RUNSHIFT_LOG_FORMAT";
  private static final Set<String> FORMATS = Set.of("text", "json");

  private LogFormat() {}

  /** Why {@code env}'s log format cannot be used, if it cannot. */
  static Optional<String> problem(Map<String, String> env) {
    String format = env.get(ENV);
    if (format == null || FORMATS.contains(format)) {
      return Optional.empty();
    }
    return Optional.of(ENV + " must be text or json, was '" + format + "'");
  }
}
