package dev.runshift.simulator;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.longrunning.OperationTimedPollAlgorithm;
import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.StatusCode;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.monitoring.v3.MetricServiceClient;
import com.google.cloud.monitoring.v3.MetricServiceSettings;
import com.google.cloud.run.v2.RevisionsClient;
import com.google.cloud.run.v2.RevisionsSettings;
import com.google.cloud.run.v2.ServicesClient;
import com.google.cloud.run.v2.ServicesSettings;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The official Google Cloud clients pointed at a simulator over one plaintext localhost channel, with no
 * credentials, long-running operations polled every few milliseconds, and GetService retried quickly on
 * UNAVAILABLE (as the real client retries it, only faster).
 */
public final class GoogleClients implements AutoCloseable {
  private final ManagedChannel channel;
  public final ServicesClient services;
  public final RevisionsClient revisions;
  public final MetricServiceClient metrics;

  public GoogleClients(String endpoint) {
    this.channel = ManagedChannelBuilder.forTarget(endpoint).usePlaintext().build();
    TransportChannelProvider transport =
        FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel));
    try {
      ServicesSettings.Builder run = ServicesSettings.newBuilder()
          .setTransportChannelProvider(transport)
          .setCredentialsProvider(NoCredentialsProvider.create());
      OperationTimedPollAlgorithm poll = OperationTimedPollAlgorithm.create(RetrySettings.newBuilder()
          .setInitialRetryDelayDuration(Duration.ofMillis(5))
          .setRetryDelayMultiplier(1.5)
          .setMaxRetryDelayDuration(Duration.ofMillis(50))
          .setInitialRpcTimeoutDuration(Duration.ZERO)
          .setRpcTimeoutMultiplier(1.0)
          .setMaxRpcTimeoutDuration(Duration.ZERO)
          .setTotalTimeoutDuration(Duration.ofSeconds(30))
          .build());
      run.createServiceOperationSettings().setPollingAlgorithm(poll);
      run.updateServiceOperationSettings().setPollingAlgorithm(poll);
      run.deleteServiceOperationSettings().setPollingAlgorithm(poll);
      run.getServiceSettings()
          .setRetryableCodes(StatusCode.Code.UNAVAILABLE)
          .setRetrySettings(RetrySettings.newBuilder()
              .setInitialRetryDelayDuration(Duration.ofMillis(5))
              .setRetryDelayMultiplier(2)
              .setMaxRetryDelayDuration(Duration.ofMillis(50))
              .setInitialRpcTimeoutDuration(Duration.ofSeconds(10))
              .setRpcTimeoutMultiplier(1)
              .setMaxRpcTimeoutDuration(Duration.ofSeconds(10))
              .setTotalTimeoutDuration(Duration.ofSeconds(20))
              .setMaxAttempts(5)
              .build());
      this.services = ServicesClient.create(run.build());
      this.revisions = RevisionsClient.create(RevisionsSettings.newBuilder()
          .setTransportChannelProvider(transport)
          .setCredentialsProvider(NoCredentialsProvider.create())
          .build());
      this.metrics = MetricServiceClient.create(MetricServiceSettings.newBuilder()
          .setTransportChannelProvider(transport)
          .setCredentialsProvider(NoCredentialsProvider.create())
          .build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    services.close();
    revisions.close();
    metrics.close();
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
