package dev.runshift.worker;

import dev.runshift.activities.cloudbuild.CloudBuildActivities;
import dev.runshift.activities.cloudbuild.CloudBuildRecords;
import dev.runshift.ports.BuildRecords;
import dev.runshift.activities.google.GoogleClients;
import dev.runshift.activities.google.GoogleClientsConfig;
import dev.runshift.activities.metrics.MonitoringActivities;
import dev.runshift.activities.registry.ArtifactRegistryImageRegistry;
import dev.runshift.activities.run.CloudRunActivities;
import dev.runshift.activities.smoke.HttpSmokeTester;
import dev.runshift.activities.smoke.IdTokenSource;
import dev.runshift.ports.BuildService;
import dev.runshift.ports.CloudRun;
import dev.runshift.ports.ImageRegistry;
import dev.runshift.ports.MetricsSource;
import dev.runshift.ports.SmokeTester;

/**
 * The activity implementations over the official Google clients, sharing one set of clients. A client
 * is only opened when a role that needs it is registered, so a build-only worker never opens a Cloud
 * Run channel.
 */
public final class GoogleActivities implements AutoCloseable {
  private final GoogleClients clients;
  private final java.time.Duration metricsSamplePeriod;

  private GoogleActivities(GoogleClients clients, java.time.Duration metricsSamplePeriod) {
    this.clients = clients;
    this.metricsSamplePeriod = metricsSamplePeriod;
  }

  /** Over Google Cloud, where Cloud Run's metrics come in 60 s sample periods. */
  public static GoogleActivities create(GoogleClientsConfig config) {
    return create(config, java.time.Duration.ofSeconds(60));
  }

  /** Over an endpoint whose metrics come in sample periods of {@code metricsSamplePeriod} (the simulator's). */
  public static GoogleActivities create(GoogleClientsConfig config, java.time.Duration metricsSamplePeriod) {
    return new GoogleActivities(GoogleClients.create(config), metricsSamplePeriod);
  }

  public GoogleClientsConfig config() {
    return clients.config();
  }

  public BuildService build() {
    return new CloudBuildActivities(clients);
  }

  /** Cloud Build's own record of builds, to confirm build notifications. */
  public BuildRecords buildRecords() {
    return new CloudBuildRecords(clients);
  }

  public CloudRun cloudRun() {
    return new CloudRunActivities(clients);
  }

  /** Artifact Registry tags resolved to digests; digests pass unchanged. */
  public ImageRegistry imageRegistry() {
    return new ArtifactRegistryImageRegistry(clients);
  }

  public MetricsSource metrics() {
    return new MonitoringActivities(clients, metricsSamplePeriod);
  }

  /** Smoke checks; ID tokens (for checks that ask for them) from Application Default Credentials. */
  public SmokeTester smoke() {
    return clients.config().isLocalEndpoint()
        ? new HttpSmokeTester(IdTokenSource.unavailable(
            "this worker reaches Google at a local endpoint, without credentials"))
        : new HttpSmokeTester();
  }

  /** {@code Application Default Credentials} or {@code simulator at host:port}, for start-up lines. */
  public String describe() {
    return clients.config().isLocalEndpoint()
        ? "local endpoint " + clients.config().endpoint() + " (plaintext, no credentials)"
        : "Google Cloud with Application Default Credentials";
  }

  @Override
  public void close() {
    clients.close();
  }
}
