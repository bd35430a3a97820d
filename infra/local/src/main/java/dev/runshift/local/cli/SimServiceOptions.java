package dev.runshift.local.cli;

import dev.runshift.cli.ServiceOptions;
import dev.runshift.ports.ServiceRef;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** A simulated service named like every other command names one: {@code SERVICE --project --region}. */
final class SimServiceOptions {
  @Parameters(index = "0", paramLabel = "SERVICE", description = "Cloud Run service name.")
  String service;

  @Mixin ServiceOptions serviceOptions;

  ServiceRef ref(Map<String, String> env) {
    return serviceOptions.service(service, env);
  }

  /** The JSON body fields naming the service. */
  Map<String, Object> body(Map<String, String> env) {
    ServiceRef ref = ref(env);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("project", ref.project());
    body.put("region", ref.region());
    body.put("service", ref.service());
    return body;
  }
}
