package dev.runshift.cli;

import dev.runshift.ports.ServiceRef;
import java.util.Map;
import picocli.CommandLine.Option;

/** Which Cloud Run service: {@code --project} and {@code --region}, defaulting from the environment. */
public final class ServiceOptions {
  static final String DEFAULT_REGION = "us-central1";

  @Option(names = "--project", description = "Google Cloud project (default: RUNSHIFT_PROJECT).")
  public String project;

  @Option(
      names = "--region",
      description = "Cloud Run region (default: RUNSHIFT_REGION, else " + DEFAULT_REGION + ").")
  public String region;

  public ServiceRef service(String name, Map<String, String> env) {
    String p = firstSet(project, env.get("RUNSHIFT_PROJECT"), env.get("GOOGLE_CLOUD_PROJECT"));
    if (p == null) {
      throw new CliException("no project: pass --project or set RUNSHIFT_PROJECT");
    }
    String r = firstSet(region, env.get("RUNSHIFT_REGION"), DEFAULT_REGION);
    return new ServiceRef(p, r, name);
  }

  private static String firstSet(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }
}
