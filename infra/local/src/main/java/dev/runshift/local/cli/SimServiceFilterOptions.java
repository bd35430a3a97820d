package dev.runshift.local.cli;

import dev.runshift.cli.CliException;
import dev.runshift.cli.ServiceOptions;
import dev.runshift.ports.ServiceRef;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * An optional simulated service, {@code --service S [--project P] [--region R]}, for commands that apply to
 * every service unless one is named ({@code sim image}, {@code sim burst}).
 */
final class SimServiceFilterOptions {
  @Option(names = "--service", paramLabel = "SERVICE", description = "Only on this Cloud Run service.")
  String service;

  @Mixin ServiceOptions serviceOptions;

  /** Adds {@code project}, {@code region} and {@code service} to {@code body} when a service is named. */
  void addTo(Map<String, Object> body, Map<String, String> env) {
    if (service == null) {
      if (serviceOptions.project != null || serviceOptions.region != null) {
        throw new CliException("--project and --region name a service only with --service");
      }
      return;
    }
    ServiceRef ref = serviceOptions.service(service, env);
    body.put("project", ref.project());
    body.put("region", ref.region());
    body.put("service", ref.service());
  }
}
