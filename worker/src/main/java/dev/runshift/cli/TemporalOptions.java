package dev.runshift.cli;

import dev.runshift.worker.TemporalConnection;
import io.temporal.envconfig.ClientConfigProfile;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where Temporal is: the standard environment configuration (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE,
 * TEMPORAL_API_KEY, TEMPORAL_TLS_*, TEMPORAL_PROFILE, temporal.toml), overridable per command.
 */
public final class TemporalOptions {
  @Option(
      names = "--address",
      paramLabel = "HOST:PORT",
      description = "Temporal frontend address (default: TEMPORAL_ADDRESS or the profile, else localhost:7233).")
  String address;

  @Option(
      names = "--namespace",
      description = "Temporal namespace (default: TEMPORAL_NAMESPACE or the profile, else 'default').")
  String namespace;

  ClientConfigProfile profile(Map<String, String> env) {
    return TemporalConnection.override(TemporalConnection.loadProfile(env), address, namespace);
  }

  /** Connects, failing with one clear line when Temporal does not answer within 5 seconds. */
  public TemporalConnection connect(Map<String, String> env) {
    return TemporalConnection.connect(profile(env), null, Duration.ofSeconds(5));
  }
}
