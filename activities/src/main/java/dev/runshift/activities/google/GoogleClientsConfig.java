package dev.runshift.activities.google;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How a worker reaches Google Cloud.
 *
 * @param endpoint {@code host:port} of a local stand-in for every Google API (the Runshift simulator),
 *     reached over plaintext with no credentials; {@code null} means the real Google endpoints with
 *     Application Default Credentials
 * @param deployPolling LRO polling for Cloud Run service updates
 * @param buildPolling LRO polling for Cloud Build builds (and polling of a build found by tag)
 * @param heartbeatEvery how often a step that waits heartbeats to Temporal (keep it well below the
 *     activity's heartbeat timeout; Temporal throttles heartbeats anyway)
 */
public record GoogleClientsConfig(
    String endpoint, LroPolling deployPolling, LroPolling buildPolling, Duration heartbeatEvery) {

  /** The environment variable that points every client at a local endpoint, e.g. {@code localhost:8085}. */
  public static final String ENDPOINT_ENV = "RUNSHIFT_GOOGLE_ENDPOINT";

  public GoogleClientsConfig {
    Objects.requireNonNull(deployPolling, "deployPolling");
    Objects.requireNonNull(buildPolling, "buildPolling");
    Objects.requireNonNull(heartbeatEvery, "heartbeatEvery");
    if (endpoint != null && endpoint.isBlank()) {
      endpoint = null;
    }
    if (endpoint != null && !endpoint.matches("[^:/\\s]+:\\d{1,5}")) {
      throw new IllegalArgumentException(ENDPOINT_ENV + " must be host:port, was '" + endpoint + "'");
    }
    if (heartbeatEvery.isNegative() || heartbeatEvery.isZero()) {
      throw new IllegalArgumentException("heartbeatEvery must be positive, was " + heartbeatEvery);
    }
  }

  /** Real Google endpoints, Application Default Credentials, default polling. */
  public static GoogleClientsConfig google() {
    return new GoogleClientsConfig(null, LroPolling.deploy(), LroPolling.build(), Duration.ofSeconds(5));
  }

  /** {@link #google()}, or the endpoint named by {@value #ENDPOINT_ENV} when it is set. */
  public static GoogleClientsConfig fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  static GoogleClientsConfig fromEnvironment(Map<String, String> env) {
    return google().withEndpoint(env.get(ENDPOINT_ENV));
  }

  public GoogleClientsConfig withEndpoint(String hostPort) {
    return new GoogleClientsConfig(hostPort, deployPolling, buildPolling, heartbeatEvery);
  }

  public GoogleClientsConfig withPolling(LroPolling deploy, LroPolling build) {
    return new GoogleClientsConfig(endpoint, deploy, build, heartbeatEvery);
  }

  public GoogleClientsConfig withHeartbeatEvery(Duration every) {
    return new GoogleClientsConfig(endpoint, deployPolling, buildPolling, every);
  }

  /** True when talking to a local endpoint (plaintext, no credentials) instead of Google. */
  public boolean isLocalEndpoint() {
    return endpoint != null;
  }
}
