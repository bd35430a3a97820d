package dev.runshift.activities.notify;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.TopicName;
import dev.runshift.events.EventNotice;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes each event to a Pub/Sub topic with the official publisher: the CloudEvent in JSON structured
 * mode as the message data ({@link CloudEvents}); attributes {@code type} (the CloudEvent type),
 * {@code service} ({@code project/region/service}), {@code release} (the release id) and
 * {@code content-type}; the ordering key is the service, so a subscription with message ordering sees
 * each service's events in the order they were published. A failed publish does not stop later ones: the
 * ordering key is resumed, so the workflow's retry (or the next event) publishes again.
 */
public final class PubSubSink implements EventSink {
  private final SinkSpec spec;
  private final Publisher publisher;
  private final ManagedChannel channel;

  private PubSubSink(SinkSpec spec, Publisher publisher, ManagedChannel channel) {
    this.spec = spec;
    this.publisher = publisher;
    this.channel = channel;
  }

  /**
   * A sink publishing to {@code spec.target()} ({@code projects/P/topics/T}): at Google with Application
   * Default Credentials when {@code endpoint} is null, else at that plaintext {@code host:port} (the
   * emulator or the simulator) without credentials.
   */
  public static PubSubSink create(SinkSpec spec, String endpoint) {
    if (!TopicName.isParsableFrom(spec.target())) {
      throw new IllegalArgumentException(spec.name() + ": not a topic name (projects/P/topics/T): " + spec.target());
    }
    Publisher.Builder builder = Publisher.newBuilder(TopicName.parse(spec.target())).setEnableMessageOrdering(true);
    ManagedChannel channel = null;
    if (endpoint != null) {
      channel = ManagedChannelBuilder.forTarget(endpoint).usePlaintext().build();
      builder.setChannelProvider(FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel)))
          .setCredentialsProvider(NoCredentialsProvider.create());
    }
    try {
      return new PubSubSink(spec, builder.build(), channel);
    } catch (IOException e) {
      if (channel != null) {
        channel.shutdownNow();
      }
      throw new UncheckedIOException(spec.name() + ": cannot create a publisher for " + spec.target(), e);
    }
  }

  @Override
  public SinkSpec spec() {
    return spec;
  }

  @Override
  public void deliver(EventNotice notice) throws Exception {
    String orderingKey = notice.service().toString();
    PubsubMessage message = PubsubMessage.newBuilder()
        .setData(ByteString.copyFrom(CloudEvents.json(notice)))
        .setOrderingKey(orderingKey)
        .putAttributes("type", CloudEvents.type(notice.event()))
        .putAttributes("service", notice.service().toString())
        .putAttributes("release", notice.releaseId())
        .putAttributes("content-type", CloudEvents.CONTENT_TYPE)
        .build();
    // A failed publish pauses its ordering key until resumed; the failure may be registered only after
    // its future completed, so resume before publishing too (each delivery stands on its own).
    publisher.resumePublish(orderingKey);
    try {
      publisher.publish(message).get(spec.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      publisher.resumePublish(orderingKey);
      if (e instanceof TimeoutException) {
        throw new TimeoutException("no answer from " + spec.target() + " within " + spec.timeout());
      }
      throw e;
    }
  }

  @Override
  public void close() {
    publisher.shutdown();
    try {
      publisher.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (channel != null) {
      channel.shutdownNow();
    }
  }
}
