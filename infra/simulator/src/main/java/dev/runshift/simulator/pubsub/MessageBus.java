package dev.runshift.simulator.pubsub;

import com.google.protobuf.Timestamp;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.Topic;
import dev.runshift.simulator.core.SimClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Topics, subscriptions and fan-out: a message published to a topic is enqueued once on every subscription
 * the topic has at that moment (subscriptions created later do not see it). Message ids are increasing
 * decimal numbers; {@code publish_time} is simulator time. Topic and subscription bookkeeping is guarded by
 * this object; delivery is the {@link SubscriptionQueue}s' business.
 */
final class MessageBus {
  /** Pub/Sub's topic name for subscriptions whose topic was deleted. */
  static final String DELETED_TOPIC = "_deleted-topic_";
  static final int DEFAULT_ACK_DEADLINE_SECONDS = 10;
  static final int MAX_ACK_DEADLINE_SECONDS = 600;

  private record TopicState(Topic topic, Set<String> subscriptions, List<PubsubMessage> history) {}

  private record SubscriptionState(Subscription subscription, SubscriptionQueue queue) {}

  private final SimClock clock;
  private final LongSupplier nanoTime;
  private final AtomicLong nextMessageId = new AtomicLong();
  private final Map<String, TopicState> topics = new TreeMap<>();
  private final Map<String, SubscriptionState> subscriptions = new TreeMap<>();

  MessageBus(SimClock clock, LongSupplier nanoTime) {
    this.clock = clock;
    this.nanoTime = nanoTime;
  }

  synchronized Topic createTopic(Topic request) {
    String name = PubSubNames.topic(request.getName(), "name");
    if (topics.containsKey(name)) {
      throw Rpc.alreadyExists("Topic", name);
    }
    Topic topic = request.toBuilder().setState(Topic.State.ACTIVE).build();
    topics.put(name, new TopicState(topic, new LinkedHashSet<>(), new ArrayList<>()));
    return topic;
  }

  synchronized Topic getTopic(String name, String field) {
    return topicState(name, field).topic;
  }

  synchronized boolean topicExists(String name) {
    return topics.containsKey(name);
  }

  synchronized void deleteTopic(String name, String field) {
    TopicState state = topicState(name, field);
    topics.remove(name);
    for (String subscription : state.subscriptions) {
      SubscriptionState s = subscriptions.get(subscription);
      if (s != null) {
        subscriptions.put(subscription,
            new SubscriptionState(s.subscription.toBuilder().setTopic(DELETED_TOPIC).build(), s.queue));
      }
    }
  }

  synchronized List<Topic> topics(String project) {
    String prefix = project + "/topics/";
    return topics.values().stream().map(TopicState::topic).filter(t -> t.getName().startsWith(prefix)).toList();
  }

  synchronized List<String> topicSubscriptions(String topic, String field) {
    return List.copyOf(topicState(topic, field).subscriptions);
  }

  synchronized List<PubsubMessage> history(String topic) {
    TopicState state = topics.get(topic);
    return state == null ? List.of() : List.copyOf(state.history);
  }

  /**
   * Publishes {@code messages} (already validated) to {@code topic}, stamping id and publish time;
   * returns the message ids in order.
   */
  List<String> publish(String topic, List<PubsubMessage> messages, String field) {
    List<SubscriptionQueue> targets = new ArrayList<>();
    List<PubsubMessage> stamped = new ArrayList<>(messages.size());
    synchronized (this) {
      TopicState state = topicState(topic, field);
      Instant now = clock.now();
      Timestamp publishTime =
          Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()).build();
      for (PubsubMessage m : messages) {
        stamped.add(m.toBuilder()
            .setMessageId(Long.toString(nextMessageId.incrementAndGet()))
            .setPublishTime(publishTime)
            .build());
      }
      state.history.addAll(stamped);
      for (String subscription : state.subscriptions) {
        targets.add(subscriptions.get(subscription).queue);
      }
    }
    for (SubscriptionQueue queue : targets) {
      for (PubsubMessage m : stamped) {
        queue.enqueue(m);
      }
    }
    return stamped.stream().map(PubsubMessage::getMessageId).toList();
  }

  synchronized Subscription createSubscription(Subscription request) {
    String name = PubSubNames.subscription(request.getName(), "name");
    String topic = PubSubNames.topic(request.getTopic(), "topic");
    checkSupported(request);
    int deadline = request.getAckDeadlineSeconds();
    if (deadline == 0) {
      deadline = DEFAULT_ACK_DEADLINE_SECONDS;
    } else if (deadline < DEFAULT_ACK_DEADLINE_SECONDS || deadline > MAX_ACK_DEADLINE_SECONDS) {
      throw Rpc.invalidArgument("ack_deadline_seconds",
          "must be between 10 and 600 seconds, was " + request.getAckDeadlineSeconds());
    }
    TopicState topicState = topics.get(topic);
    if (topicState == null) {
      throw Rpc.notFound("Topic", topic);
    }
    if (subscriptions.containsKey(name)) {
      throw Rpc.alreadyExists("Subscription", name);
    }
    Subscription subscription = request.toBuilder()
        .setAckDeadlineSeconds(deadline)
        .setState(Subscription.State.ACTIVE)
        .build();
    subscriptions.put(name, new SubscriptionState(subscription, new SubscriptionQueue(name, nanoTime)));
    topicState.subscriptions.add(name);
    return subscription;
  }

  synchronized Subscription getSubscription(String name, String field) {
    return subscriptionState(name, field).subscription;
  }

  synchronized SubscriptionQueue queue(String name, String field) {
    return subscriptionState(name, field).queue;
  }

  synchronized Optional<SubscriptionQueue> queueIfExists(String name) {
    return Optional.ofNullable(subscriptions.get(name)).map(SubscriptionState::queue);
  }

  synchronized List<Subscription> subscriptions(String project) {
    String prefix = project + "/subscriptions/";
    return subscriptions.values().stream()
        .map(SubscriptionState::subscription)
        .filter(s -> s.getName().startsWith(prefix))
        .toList();
  }

  synchronized List<SubscriptionQueue> allQueues() {
    return subscriptions.values().stream().map(SubscriptionState::queue).toList();
  }

  void deleteSubscription(String name, String field) {
    SubscriptionState state;
    synchronized (this) {
      state = subscriptionState(name, field);
      subscriptions.remove(name);
      TopicState topic = topics.get(state.subscription.getTopic());
      if (topic != null) {
        topic.subscriptions.remove(name);
      }
    }
    state.queue.delete();
  }

  private TopicState topicState(String name, String field) {
    PubSubNames.topic(name, field);
    TopicState state = topics.get(name);
    if (state == null) {
      throw Rpc.notFound("Topic", name);
    }
    return state;
  }

  private SubscriptionState subscriptionState(String name, String field) {
    PubSubNames.subscription(name, field);
    SubscriptionState state = subscriptions.get(name);
    if (state == null) {
      throw Rpc.notFound("Subscription", name);
    }
    return state;
  }

  /** Features whose semantics the simulator does not model are refused rather than silently ignored. */
  private static void checkSupported(Subscription request) {
    if (request.hasPushConfig() && !request.getPushConfig().getPushEndpoint().isEmpty()) {
      throw Rpc.unimplemented("push_config", "push subscriptions are not simulated; use pull");
    }
    if (!request.getFilter().isEmpty()) {
      throw Rpc.unimplemented("filter", "subscription filters are not simulated");
    }
    if (request.getEnableExactlyOnceDelivery()) {
      throw Rpc.unimplemented("enable_exactly_once_delivery", "exactly-once delivery is not simulated");
    }
    if (request.hasDeadLetterPolicy()) {
      throw Rpc.unimplemented("dead_letter_policy", "dead-letter topics are not simulated");
    }
    if (request.hasBigqueryConfig() || request.hasCloudStorageConfig() || request.hasBigtableConfig()) {
      throw Rpc.unimplemented("bigquery_config/cloud_storage_config/bigtable_config",
          "export subscriptions are not simulated");
    }
  }
}
