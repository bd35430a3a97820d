package dev.runshift.trigger;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.TopicName;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Topics, subscriptions and publishing through the official clients, plaintext, no credentials. */
final class PubSubAdmin implements AutoCloseable {
  private final ManagedChannel channel;
  private final TransportChannelProvider channels;
  private final TopicAdminClient topics;
  private final SubscriptionAdminClient subscriptions;

  PubSubAdmin(String endpoint) {
    channel = ManagedChannelBuilder.forTarget(endpoint).usePlaintext().build();
    channels = FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel));
    try {
      topics = TopicAdminClient.create(TopicAdminSettings.newBuilder()
          .setTransportChannelProvider(channels)
          .setCredentialsProvider(NoCredentialsProvider.create())
          .build());
      subscriptions = SubscriptionAdminClient.create(SubscriptionAdminSettings.newBuilder()
          .setTransportChannelProvider(channels)
          .setCredentialsProvider(NoCredentialsProvider.create())
          .build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void ensureTopic(String topic) {
    try {
      topics.createTopic(topic);
    } catch (com.google.api.gax.rpc.AlreadyExistsException e) {
      // created by an earlier test
    }
  }

  void createSubscription(String subscription, String topic, int ackDeadlineSeconds) {
    subscriptions.createSubscription(Subscription.newBuilder()
        .setName(subscription)
        .setTopic(topic)
        .setAckDeadlineSeconds(ackDeadlineSeconds)
        .build());
  }

  void deleteSubscription(String subscription) {
    try {
      subscriptions.deleteSubscription(subscription);
    } catch (com.google.api.gax.rpc.NotFoundException e) {
      // already gone
    }
  }

  /** Publishes and returns the message id the server assigned. */
  String publish(String topic, PubsubMessage message) {
    Publisher publisher = null;
    try {
      publisher = Publisher.newBuilder(TopicName.parse(topic))
          .setChannelProvider(channels)
          .setCredentialsProvider(NoCredentialsProvider.create())
          .build();
      return publisher.publish(message).get(30, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new StatusRuntimeException(Status.UNKNOWN.withDescription("publish failed: " + e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      if (publisher != null) {
        publisher.shutdown();
        try {
          publisher.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  @Override
  public void close() {
    topics.close();
    subscriptions.close();
    channel.shutdownNow();
  }
}
