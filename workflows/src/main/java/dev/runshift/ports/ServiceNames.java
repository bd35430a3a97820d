package dev.runshift.ports;

import java.util.regex.Pattern;

/**
 * Cloud Run's rule for service names: 1 to 49 characters, lowercase letters, digits and hyphens,
 * starting with a letter and not ending with a hyphen. Everything that names a service (the CLI, routing
 * configs, release requests) checks it here, before anything starts.
 */
public final class ServiceNames {
  public static final int MAX_LENGTH = 49;
  private static final Pattern NAME = Pattern.compile("[a-z]([a-z0-9-]*[a-z0-9])?");

  private ServiceNames() {}

  /** Why {@code name} is not a Cloud Run service name, or null if it is one. */
  public static String problem(String name) {
    if (name == null || name.isEmpty()) {
      return "a service name is required";
    }
    String shown = "\"" + PrintableText.escape(PrintableText.truncate(name, 60)) + "\"";
    if (name.length() > MAX_LENGTH) {
      return shown + " is " + name.length() + " characters; a Cloud Run service name has at most " + MAX_LENGTH;
    }
    if (!NAME.matcher(name).matches()) {
      return shown + " is not a Cloud Run service name: lowercase letters, digits and hyphens,"
          + " starting with a letter and not ending with a hyphen";
    }
    return null;
  }

  /** {@code name}, or an {@link IllegalArgumentException} saying why it is not a Cloud Run service name. */
  public static String requireValid(String name) {
    String problem = problem(name);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return name;
  }
}
