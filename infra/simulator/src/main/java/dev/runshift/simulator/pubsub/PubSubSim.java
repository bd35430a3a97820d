package dev.runshift.simulator.pubsub;

import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.Topic;
import dev.runshift.simulator.core.SimContext;
import dev.runshift.simulator.core.SimulatedApi;
import io.grpc.BindableService;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Pub/Sub v1 ({@code Publisher}, {@code Subscriber}) with at-least-once delivery, plus the same operations
 * for in-process use.
 *
 * <p>What it guarantees: a message published to a topic reaches every subscription the topic had at that
 * moment, and is delivered (Pull or StreamingPull) until acknowledged. A delivery not acknowledged within
 * its ack deadline — the subscription's {@code ack_deadline_seconds} (default 10 s) for Pull, the stream's
 * {@code stream_ack_deadline_seconds} for StreamingPull, or whatever {@code ModifyAckDeadline} set — is
 * redelivered; a deadline of 0 (a nack) redelivers promptly. Ack deadlines run on the wall clock, not the
 * simulator clock, because they are about real clients really processing messages; {@code publish_time}
 * is simulator time. Attributes and data are kept as published; ordering keys are accepted but order is
 * only first-in-first-out per subscription, redeliveries first.
 *
 * <p>Not simulated (refused with UNIMPLEMENTED when requested): push and export subscriptions, filters,
 * exactly-once delivery, dead-letter policies. Not enforced: message retention, expiration, schemas,
 * snapshots and seek (UNIMPLEMENTED by default).
 */
public final class PubSubSim implements SimulatedApi, AutoCloseable {
  /** How often expired leases are looked for. */
  static final long SWEEP_MILLIS = 100;

  private final MessageBus bus;
  private final ScheduledExecutorService timers;

  public PubSubSim(SimContext context) {
    this(context, System::nanoTime);
  }

  PubSubSim(SimContext context, LongSupplier nanoTime) {
    this.bus = new MessageBus(context.clock(), nanoTime);
    this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "pubsub-sim-leases");
      t.setDaemon(true);
      return t;
    });
    timers.scheduleWithFixedDelay(this::expireLeases, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
  }

  @Override
  public List<BindableService> services() {
    return List.of(new PublisherService(bus), new SubscriberService(bus, timers));
  }

  /** Creates topic {@code name} ({@code projects/P/topics/T}); ALREADY_EXISTS if it exists. */
  public Topic createTopic(String name) {
    return bus.createTopic(Topic.newBuilder().setName(name).build());
  }

  /** Creates topic {@code name} unless it exists. */
  public Topic ensureTopic(String name) {
    try {
      return createTopic(name);
    } catch (io.grpc.StatusRuntimeException e) {
      if (e.getStatus().getCode() == io.grpc.Status.Code.ALREADY_EXISTS) {
        return bus.getTopic(name, "name");
      }
      throw e;
    }
  }

  public boolean topicExists(String name) {
    return bus.topicExists(name);
  }

  /** Creates a pull subscription {@code name} on {@code topic} with the default 10 s ack deadline. */
  public Subscription createSubscription(String name, String topic) {
    return createSubscription(name, topic, 0);
  }

  /** Creates a pull subscription; {@code ackDeadlineSeconds} 0 means the default (10 s). */
  public Subscription createSubscription(String name, String topic, int ackDeadlineSeconds) {
    return bus.createSubscription(Subscription.newBuilder()
        .setName(name)
        .setTopic(topic)
        .setAckDeadlineSeconds(ackDeadlineSeconds)
        .build());
  }

  /** Publishes one message to {@code topic} (which must exist); returns its message id. */
  public String publish(String topic, ByteString data, Map<String, String> attributes) {
    List<PubsubMessage> messages =
        List.of(PubsubMessage.newBuilder().setData(data).putAllAttributes(attributes).build());
    PublisherService.validate(messages);
    return bus.publish(topic, messages, "topic").get(0);
  }

  /** Publishes UTF-8 {@code data}; see {@link #publish(String, ByteString, Map)}. */
  public String publish(String topic, String data, Map<String, String> attributes) {
    return publish(topic, ByteString.copyFrom(data, StandardCharsets.UTF_8), attributes);
  }

  /**
   * Publishes to {@code topic} only if it exists, as Google services do for their notification topics;
   * returns the message id, or empty when there is no such topic.
   */
  public Optional<String> publishIfTopicExists(String topic, ByteString data, Map<String, String> attributes) {
    try {
      return Optional.of(publish(topic, data, attributes));
    } catch (io.grpc.StatusRuntimeException e) {
      if (e.getStatus().getCode() == io.grpc.Status.Code.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Every message published to {@code topic} so far, in publish order (empty if no such topic). */
  public List<PubsubMessage> published(String topic) {
    return bus.history(topic);
  }

  /** Messages on {@code subscription} not yet acknowledged, whether waiting or leased to a client. */
  public int unacknowledged(String subscription) {
    return bus.queueIfExists(subscription).map(SubscriptionQueue::unacknowledged).orElse(0);
  }

  private void expireLeases() {
    try {
      for (SubscriptionQueue queue : bus.allQueues()) {
        queue.expireLeases();
      }
    } catch (RuntimeException e) {
      // Keep sweeping; a failure here must not stop redelivery for good.
    }
  }

  /** Stops the lease timer thread. Open streams end when the server shuts down. */
  @Override
  public void close() {
    timers.shutdownNow();
  }
}
