package dev.runshift.config;

/**
 * A configuration or policy file cannot be used. The message names the file (or source), the field
 * path inside it, and what is wrong, e.g. {@code policies/api.yaml: soak: "5 minutes" is not a duration}.
 */
public class ConfigException extends RuntimeException {
  private final String source;
  private final String field;

  public ConfigException(String source, String field, String problem) {
    this(source, field, problem, null);
  }

  public ConfigException(String source, String field, String problem, Throwable cause) {
    super(source + ": " + (field == null || field.isEmpty() ? "" : field + ": ") + problem, cause);
    this.source = source;
    this.field = field;
  }

  /** The file or other source the problem is in. */
  public String source() {
    return source;
  }

  /** The dotted field path, e.g. {@code routes[0].services[1].region}; null for the whole document. */
  public String field() {
    return field;
  }
}
