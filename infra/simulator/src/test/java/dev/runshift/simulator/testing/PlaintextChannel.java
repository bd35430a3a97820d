package dev.runshift.simulator.testing;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.util.concurrent.TimeUnit;

/**
 * A plaintext gRPC channel to a local endpoint (the simulator or an emulator), in the form the official
 * Google clients take: {@link #provider()} for {@code setTransportChannelProvider}/{@code setChannelProvider}
 * and {@link #credentials()} for {@code setCredentialsProvider}. Clients do not close a fixed channel;
 * {@link #close()} does.
 */
public final class PlaintextChannel implements AutoCloseable {
  private final ManagedChannel channel;
  private final TransportChannelProvider provider;

  private PlaintextChannel(ManagedChannel channel) {
    this.channel = channel;
    this.provider = FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel));
  }

  /** Opens a channel to {@code endpoint} ({@code host:port}). */
  public static PlaintextChannel to(String endpoint) {
    return new PlaintextChannel(ManagedChannelBuilder.forTarget(endpoint).usePlaintext().build());
  }

  public TransportChannelProvider provider() {
    return provider;
  }

  public static CredentialsProvider credentials() {
    return NoCredentialsProvider.create();
  }

  public ManagedChannel channel() {
    return channel;
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
