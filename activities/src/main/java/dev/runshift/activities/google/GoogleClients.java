package dev.runshift.activities.google;

import com.google.api.gax.core.BackgroundResource;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.api.gax.rpc.ClientSettings;
import com.google.cloud.devtools.cloudbuild.v1.CloudBuildClient;
import com.google.cloud.devtools.cloudbuild.v1.CloudBuildSettings;
import com.google.cloud.monitoring.v3.MetricServiceClient;
import com.google.cloud.monitoring.v3.MetricServiceSettings;
import com.google.cloud.run.v2.RevisionsClient;
import com.google.cloud.run.v2.RevisionsSettings;
import com.google.cloud.run.v2.ServicesClient;
import com.google.cloud.run.v2.ServicesSettings;
import com.google.devtools.artifactregistry.v1.ArtifactRegistryClient;
import com.google.devtools.artifactregistry.v1.ArtifactRegistrySettings;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The official Google Cloud clients one worker uses, created once from {@link GoogleClientsConfig} and
 * shared by every activity execution (the clients are thread-safe). Each client is created on first
 * use, so a worker serving only the build role never opens a Cloud Run channel.
 *
 * <p>By default the clients reach Google with Application Default Credentials. With
 * {@link GoogleClientsConfig#endpoint()} set they reach that endpoint over plaintext with no
 * credentials, which is how the simulator (and the tests) are reached.
 */
public final class GoogleClients implements AutoCloseable {
  private final GoogleClientsConfig config;
  private final List<BackgroundResource> opened = new ArrayList<>();
  private ServicesClient services;
  private RevisionsClient revisions;
  private CloudBuildClient cloudBuild;
  private MetricServiceClient metrics;
  private ArtifactRegistryClient artifactRegistry;
  private boolean closed;

  private GoogleClients(GoogleClientsConfig config) {
    this.config = config;
  }

  public static GoogleClients create(GoogleClientsConfig config) {
    return new GoogleClients(config);
  }

  public GoogleClientsConfig config() {
    return config;
  }

  /** Cloud Run Admin v2 services, with {@link GoogleClientsConfig#deployPolling()} for updates. */
  public synchronized ServicesClient services() {
    if (services == null) {
      ServicesSettings.Builder b = local(ServicesSettings.newBuilder());
      b.updateServiceOperationSettings().setPollingAlgorithm(config.deployPolling().toPollAlgorithm());
      b.createServiceOperationSettings().setPollingAlgorithm(config.deployPolling().toPollAlgorithm());
      services = open(() -> ServicesClient.create(b.build()));
    }
    return services;
  }

  /** Cloud Run Admin v2 revisions. */
  public synchronized RevisionsClient revisions() {
    if (revisions == null) {
      RevisionsSettings.Builder b = local(RevisionsSettings.newBuilder());
      revisions = open(() -> RevisionsClient.create(b.build()));
    }
    return revisions;
  }

  /** Cloud Build v1, with {@link GoogleClientsConfig#buildPolling()} for builds. */
  public synchronized CloudBuildClient cloudBuild() {
    if (cloudBuild == null) {
      CloudBuildSettings.Builder b = local(CloudBuildSettings.newBuilder());
      b.createBuildOperationSettings().setPollingAlgorithm(config.buildPolling().toPollAlgorithm());
      cloudBuild = open(() -> CloudBuildClient.create(b.build()));
    }
    return cloudBuild;
  }

  /** Cloud Monitoring v3 metrics. */
  public synchronized MetricServiceClient metrics() {
    if (metrics == null) {
      MetricServiceSettings.Builder b = local(MetricServiceSettings.newBuilder());
      metrics = open(() -> MetricServiceClient.create(b.build()));
    }
    return metrics;
  }

  /** Artifact Registry v1 (reading tags). */
  public synchronized ArtifactRegistryClient artifactRegistry() {
    if (artifactRegistry == null) {
      ArtifactRegistrySettings.Builder b = local(ArtifactRegistrySettings.newBuilder());
      artifactRegistry = open(() -> ArtifactRegistryClient.create(b.build()));
    }
    return artifactRegistry;
  }

  /** Points {@code builder} at the local endpoint, plaintext and without credentials, when one is set. */
  private <B extends ClientSettings.Builder<?, ?>> B local(B builder) {
    if (config.isLocalEndpoint()) {
      builder.setEndpoint(config.endpoint());
      builder.setCredentialsProvider(NoCredentialsProvider.create());
      builder.setTransportChannelProvider(
          InstantiatingGrpcChannelProvider.newBuilder()
              .setEndpoint(config.endpoint())
              .setChannelConfigurator(ManagedChannelBuilder::usePlaintext)
              .build());
    }
    return builder;
  }

  private interface ClientFactory<C extends BackgroundResource> {
    C create() throws IOException;
  }

  private <C extends BackgroundResource> C open(ClientFactory<C> factory) {
    if (closed) {
      throw new IllegalStateException("GoogleClients is closed");
    }
    try {
      C client = factory.create();
      opened.add(client);
      return client;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not create a Google Cloud client"
              + (config.isLocalEndpoint()
                  ? " for " + config.endpoint()
                  : " (are Application Default Credentials set up? see `gcloud auth application-default login`)"),
          e);
    }
  }

  /** Closes every client opened, waiting briefly for in-flight calls. */
  @Override
  public synchronized void close() {
    closed = true;
    for (BackgroundResource r : opened) {
      try {
        r.shutdown();
        r.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        r.shutdownNow();
      }
    }
    opened.clear();
  }
}
