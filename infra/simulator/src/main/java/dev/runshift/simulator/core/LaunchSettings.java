package dev.runshift.simulator.core;

/** Reading the standalone launchers' settings: environment variables with defaults, and ports. */
public final class LaunchSettings {
  private LaunchSettings() {}

  /** The trimmed value of environment variable {@code name}, or {@code fallback} when unset or blank. */
  public static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v.trim();
  }

  /** {@code s} as a TCP port (0..65535); otherwise prints one line and exits with status 2. */
  public static int port(String s) {
    try {
      int p = Integer.parseInt(s);
      if (p < 0 || p > 65535) {
        throw new NumberFormatException();
      }
      return p;
    } catch (NumberFormatException e) {
      System.err.println("not a port: " + s);
      System.exit(2);
      return -1;
    }
  }
}
