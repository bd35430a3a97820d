package dev.runshift.trigger;

import com.google.api.core.ApiService;
import com.google.api.gax.batching.FlowControlSettings;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.pubsub.v1.MessageReceiver;
import com.google.cloud.pubsub.v1.Subscriber;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.pubsub.v1.ProjectSubscriptionName;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscribes (StreamingPull, the official {@link Subscriber}) to a subscription on Cloud Build's
 * {@code cloud-builds} topic and hands every message to a {@link BuildMessageReceiver}.
 *
 * <p>Delivery is at least once: a message is acked only after Temporal accepted its releases, so a
 * crash or a Temporal outage means redelivery, never loss; duplicates are dropped by the service entity.
 * Give the subscription a retry policy (exponential backoff) so nacked messages are not redelivered in
 * a tight loop while Temporal is down.
 */
public final class BuildNotificationTrigger implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BuildNotificationTrigger.class);

  /**
   * @param subscription {@code projects/P/subscriptions/S}
   * @param endpoint {@code host:port} of a Pub/Sub emulator or the simulator, reached in plaintext
   *     without credentials; null for Google Cloud with Application Default Credentials
   * @param maxOutstandingMessages messages being handled at once (flow control)
   */
  public record Options(String subscription, String endpoint, long maxOutstandingMessages) {
    public Options {
      Objects.requireNonNull(subscription, "subscription");
      if (!ProjectSubscriptionName.isParsableFrom(subscription)) {
        throw new IllegalArgumentException(
            "subscription must be projects/PROJECT/subscriptions/NAME, was " + subscription);
      }
      if (maxOutstandingMessages < 1) {
        throw new IllegalArgumentException("maxOutstandingMessages must be >= 1");
      }
    }

    public static Options of(String subscription, String endpoint) {
      return new Options(subscription, endpoint, 100);
    }
  }

  private final Subscriber subscriber;
  private final ManagedChannel channel;

  private BuildNotificationTrigger(Subscriber subscriber, ManagedChannel channel) {
    this.subscriber = subscriber;
    this.channel = channel;
  }

  /**
   * Starts pulling; returns when the subscriber runs. Throws {@link IllegalStateException} if it cannot
   * start (e.g. the subscription does not exist).
   */
  public static BuildNotificationTrigger start(Options options, MessageReceiver receiver) {
    Subscriber.Builder builder =
        Subscriber.newBuilder(ProjectSubscriptionName.parse(options.subscription()), receiver)
            .setParallelPullCount(1)
            .setFlowControlSettings(
                FlowControlSettings.newBuilder()
                    .setMaxOutstandingElementCount(options.maxOutstandingMessages())
                    .build());
    ManagedChannel channel = null;
    if (options.endpoint() != null) {
      channel = ManagedChannelBuilder.forTarget(options.endpoint()).usePlaintext().build();
      builder
          .setChannelProvider(FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel)))
          .setCredentialsProvider(NoCredentialsProvider.create());
    }
    Subscriber subscriber = builder.build();
    subscriber.addListener(
        new ApiService.Listener() {
          @Override
          public void failed(ApiService.State from, Throwable failure) {
            log.error("build notification subscriber for {} stopped: {}", options.subscription(), failure.toString());
          }
        },
        MoreExecutors.directExecutor());
    try {
      subscriber.startAsync().awaitRunning();
    } catch (IllegalStateException e) {
      if (channel != null) {
        channel.shutdownNow();
      }
      throw e;
    }
    log.info("listening for Cloud Build notifications on {}", options.subscription());
    return new BuildNotificationTrigger(subscriber, channel);
  }

  public boolean isRunning() {
    return subscriber.isRunning();
  }

  /** Stops pulling; messages in hand finish (their ack or nack is sent) first. */
  @Override
  public void close() {
    try {
      subscriber.stopAsync().awaitTerminated(30, TimeUnit.SECONDS);
    } catch (TimeoutException | IllegalStateException e) {
      log.warn("subscriber did not stop cleanly: {}", e.toString());
    } finally {
      if (channel != null) {
        channel.shutdownNow();
      }
    }
  }
}
