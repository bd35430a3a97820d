package dev.runshift.simulator.pubsub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.gax.rpc.AlreadyExistsException;
import com.google.api.gax.rpc.NotFoundException;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.cloud.pubsub.v1.Subscriber;
import com.google.cloud.pubsub.v1.SubscriberShutdownSettings;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.PullRequest;
import com.google.pubsub.v1.PullResponse;
import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.Topic;
import com.google.pubsub.v1.StreamingPullRequest;
import com.google.pubsub.v1.StreamingPullResponse;
import com.google.pubsub.v1.SubscriberGrpc;
import dev.runshift.simulator.testing.PlaintextChannel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import dev.runshift.simulator.testing.ReceivedMessages;
import dev.runshift.simulator.testing.ReceivedMessages.Delivery;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the Runshift trigger relies on from Pub/Sub, asserted through the official Java clients
 * (admin clients, {@link Publisher}, StreamingPull {@link Subscriber}, unary Pull). Each subclass runs it
 * against one endpoint — the simulator and the official emulator — so the simulator is held to the
 * emulator's behaviour.
 */
abstract class PubSubTriggerContract {
  static final String PROJECT = "projects/runshift-test";
  /** Liveness bound for waits; never an expectation about speed. */
  static final Duration WAIT = Duration.ofSeconds(60);
  /**
   * Liveness bound for redeliveries after a lease expires. Generous because the official emulator
   * redelivers expired messages only after one or several whole ack deadlines (10 s to 40 s observed).
   */
  static final Duration REDELIVERY_WAIT = Duration.ofMinutes(3);

  PlaintextChannel channel;
  private TopicAdminClient topicAdmin;
  private SubscriptionAdminClient subscriptionAdmin;
  private final List<Subscriber> subscribers = new ArrayList<>();
  private final List<Publisher> publishers = new ArrayList<>();
  String topic;
  String subscription;

  /** {@code host:port} of the Pub/Sub under test. */
  abstract String endpoint();

  @BeforeEach
  void connect() throws IOException {
    String endpoint = endpoint();
    channel = PlaintextChannel.to(endpoint);
    topicAdmin = TopicAdminClient.create(TopicAdminSettings.newBuilder()
        .setTransportChannelProvider(channel.provider())
        .setCredentialsProvider(PlaintextChannel.credentials())
        .build());
    subscriptionAdmin = SubscriptionAdminClient.create(SubscriptionAdminSettings.newBuilder()
        .setTransportChannelProvider(channel.provider())
        .setCredentialsProvider(PlaintextChannel.credentials())
        .build());
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    topic = PROJECT + "/topics/trigger-" + suffix;
    subscription = PROJECT + "/subscriptions/worker-" + suffix;
    topicAdmin.createTopic(topic);
  }

  @AfterEach
  void disconnect() throws Exception {
    if (channel == null) {
      return;
    }
    for (Subscriber s : subscribers) {
      s.stopAsync();
    }
    for (Subscriber s : subscribers) {
      try {
        s.awaitTerminated(10, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // Already stopped or failed; nothing left to release.
      }
    }
    for (Publisher p : publishers) {
      p.shutdown();
      p.awaitTermination(10, TimeUnit.SECONDS);
    }
    subscriptionAdmin.close();
    topicAdmin.close();
    channel.close();
  }

  @Test
  void publishedMessageIsReceived() throws Exception {
    createSubscription(0);
    ReceivedMessages received = ReceivedMessages.acking();
    subscribe(received, null);

    String id = publish("release v1", Map.of());

    Delivery d = received.next(WAIT);
    assertEquals("release v1", d.text());
    assertEquals(id, d.message().getMessageId());
    assertTrue(d.message().hasPublishTime(), "publish_time is set");
  }

  @Test
  void attributesArePreserved() throws Exception {
    createSubscription(0);
    ReceivedMessages received = ReceivedMessages.acking();
    subscribe(received, null);
    Map<String, String> attributes = Map.of("buildId", "b-123", "status", "SUCCESS", "empty", "");

    publish("{}", attributes);

    assertEquals(attributes, received.next(WAIT).message().getAttributesMap());
  }

  @Test
  void nackedMessageIsRedelivered() throws Exception {
    createSubscription(0);
    Set<String> nackedOnce = new HashSet<>();
    ReceivedMessages received = ReceivedMessages.reacting((m, reply) -> {
      synchronized (nackedOnce) {
        if (nackedOnce.add(m.getMessageId())) {
          reply.nack();
        } else {
          reply.ack();
        }
      }
    });
    subscribe(received, null);

    String id = publish("start rollout", Map.of());

    List<Delivery> twice = received.next(2, WAIT);
    assertEquals(id, twice.get(0).message().getMessageId());
    assertEquals(id, twice.get(1).message().getMessageId());
    assertEquals("start rollout", twice.get(1).text());
  }

  /**
   * Two messages leased in one Pull with the subscription's 10 s deadline; only the first is acked. The
   * second comes back once the deadline passes; the first never does, although its lease ended at the
   * same moment.
   */
  @Test
  void unackedMessageIsRedeliveredAfterAckDeadlineAndAckedOneIsNot() throws Exception {
    createSubscription(10);
    String acked = publish("acked", Map.of());
    String unacked = publish("unacked", Map.of());

    List<ReceivedMessage> first = pullUntil(2, Set.of());
    Map<String, ReceivedMessage> byId = new HashMap<>();
    first.forEach(m -> byId.put(m.getMessage().getMessageId(), m));
    assertEquals(Set.of(acked, unacked), byId.keySet());
    subscriptionAdmin.acknowledge(subscription, List.of(byId.get(acked).getAckId()));

    List<ReceivedMessage> later = pullUntil(1, Set.of(unacked));
    List<ReceivedMessage> after = new ArrayList<>(later);
    after.addAll(pullOnce(true));

    assertTrue(after.stream().noneMatch(m -> m.getMessage().getMessageId().equals(acked)),
        "an acknowledged message is not redelivered: " + after);
    ReceivedMessage redelivered = after.stream()
        .filter(m -> m.getMessage().getMessageId().equals(unacked)).findFirst().orElseThrow();
    assertEquals("unacked", redelivered.getMessage().getData().toStringUtf8());
    assertNotEquals(byId.get(unacked).getAckId(), redelivered.getAckId(), "a redelivery has a new ack id");
  }

  @Test
  void manyMessagesAreAllDelivered() throws Exception {
    createSubscription(0);
    ReceivedMessages received = ReceivedMessages.acking();
    subscribe(received, null);
    int count = 300;
    Publisher publisher = publisher();
    List<com.google.api.core.ApiFuture<String>> futures = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      futures.add(publisher.publish(message("m-" + i, Map.of("n", Integer.toString(i)))));
    }
    for (var f : futures) {
      f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    Set<String> seen = new HashSet<>();
    while (seen.size() < count) {
      Delivery d = received.next(WAIT);
      assertEquals(d.text(), "m-" + d.message().getAttributesOrThrow("n"));
      seen.add(d.text());
    }
    Set<String> expected = new HashSet<>();
    for (int i = 0; i < count; i++) {
      expected.add("m-" + i);
    }
    assertEquals(expected, seen);
  }

  /**
   * A subscriber process that stops without acknowledging loses nothing: a new subscriber on the same
   * subscription receives every message (the client gives held messages back when its shutdown times out;
   * if it did not, their leases would expire). The first subscriber has its own connection, closed when it
   * stops, as a restarted worker's would be.
   */
  @Test
  void restartedSubscriberReceivesUnackedMessages() throws Exception {
    createSubscription(0);
    ReceivedMessages first = ReceivedMessages.holding();
    Set<String> ids = new HashSet<>();
    try (PlaintextChannel firstConnection = PlaintextChannel.to(endpoint())) {
      Subscriber firstSubscriber = subscribe(first, SubscriberShutdownSettings.newBuilder()
          .setMode(SubscriberShutdownSettings.ShutdownMode.WAIT_FOR_PROCESSING)
          .setTimeout(Duration.ofSeconds(1))
          .build(), firstConnection);
      for (int i = 0; i < 3; i++) {
        ids.add(publish("work " + i, Map.of()));
      }
      Set<String> held = new HashSet<>();
      first.next(3, WAIT).forEach(d -> held.add(d.message().getMessageId()));
      assertEquals(ids, held);
      firstSubscriber.stopAsync().awaitTerminated(30, TimeUnit.SECONDS);
    }

    ReceivedMessages second = ReceivedMessages.acking();
    subscribe(second, null);
    Set<String> redelivered = new HashSet<>();
    while (!redelivered.containsAll(ids)) {
      redelivered.add(second.next(REDELIVERY_WAIT).message().getMessageId());
    }
    assertEquals(ids, redelivered);
  }

  /**
   * A client that vanishes mid-stream (its StreamingPull cancelled and its connection gone, without acking
   * or nacking, as with a killed worker) does not lose the message: it is delivered again once its lease
   * runs out.
   */
  @Test
  void messagesOfACancelledStreamAreRedelivered() throws Exception {
    createSubscription(0);
    BlockingQueue<StreamingPullResponse> responses = new LinkedBlockingQueue<>();
    ClientResponseObserver<StreamingPullRequest, StreamingPullResponse> observer = new ClientResponseObserver<>() {
      @Override
      public void beforeStart(ClientCallStreamObserver<StreamingPullRequest> requests) {}

      @Override
      public void onNext(StreamingPullResponse value) {
        responses.add(value);
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {}
    };
    PlaintextChannel doomed = PlaintextChannel.to(endpoint());
    StreamObserver<StreamingPullRequest> requests =
        SubscriberGrpc.newStub(doomed.channel()).streamingPull(observer);
    requests.onNext(StreamingPullRequest.newBuilder()
        .setSubscription(subscription)
        .setStreamAckDeadlineSeconds(10)
        .build());
    String id = publish("deploy", Map.of());
    ReceivedMessage delivered = null;
    while (delivered == null) {
      StreamingPullResponse r = responses.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertTrue(r != null, "nothing streamed within " + WAIT);
      if (r.getReceivedMessagesCount() > 0) {
        delivered = r.getReceivedMessages(0);
      }
    }
    assertEquals(id, delivered.getMessage().getMessageId());

    requests.onError(new RuntimeException("worker killed"));
    doomed.close();

    List<ReceivedMessage> again = pullUntil(1, Set.of(id));
    assertEquals("deploy", again.get(0).getMessage().getData().toStringUtf8());
  }

  @Test
  void subscriptionDefaultsAndAdminErrors() {
    Subscription created = createSubscription(0);
    assertEquals(10, created.getAckDeadlineSeconds(), "default ack deadline");
    assertEquals(topic, subscriptionAdmin.getSubscription(subscription).getTopic());
    Topic fetched = topicAdmin.getTopic(topic);
    assertEquals(topic, fetched.getName());

    assertThrows(AlreadyExistsException.class, () -> topicAdmin.createTopic(topic));
    assertThrows(AlreadyExistsException.class, () -> createSubscription(0));
    assertThrows(NotFoundException.class, () -> subscriptionAdmin.createSubscription(Subscription.newBuilder()
        .setName(PROJECT + "/subscriptions/orphan-" + UUID.randomUUID().toString().substring(0, 8))
        .setTopic(PROJECT + "/topics/missing-topic")
        .build()));
    assertThrows(NotFoundException.class, () -> topicAdmin.getTopic(PROJECT + "/topics/missing-topic"));
    assertThrows(NotFoundException.class,
        () -> topicAdmin.publish(PROJECT + "/topics/missing-topic", List.of(message("x", Map.of()))));
  }

  Subscription createSubscription(int ackDeadlineSeconds) {
    return subscriptionAdmin.createSubscription(Subscription.newBuilder()
        .setName(subscription)
        .setTopic(topic)
        .setAckDeadlineSeconds(ackDeadlineSeconds)
        .build());
  }

  Subscriber subscribe(ReceivedMessages receiver, SubscriberShutdownSettings shutdown) {
    return subscribe(receiver, shutdown, channel);
  }

  Subscriber subscribe(ReceivedMessages receiver, SubscriberShutdownSettings shutdown, PlaintextChannel over) {
    Subscriber.Builder builder = Subscriber.newBuilder(subscription, receiver)
        .setChannelProvider(over.provider())
        .setCredentialsProvider(PlaintextChannel.credentials())
        .setParallelPullCount(1)
        .setMaxDurationPerAckExtensionDuration(Duration.ofSeconds(10));
    if (shutdown != null) {
      builder.setSubscriberShutdownSettings(shutdown);
    }
    Subscriber subscriber = builder.build();
    subscribers.add(subscriber);
    subscriber.startAsync().awaitRunning();
    return subscriber;
  }

  Publisher publisher() throws IOException {
    Publisher publisher = Publisher.newBuilder(topic)
        .setChannelProvider(channel.provider())
        .setCredentialsProvider(PlaintextChannel.credentials())
        .build();
    publishers.add(publisher);
    return publisher;
  }

  String publish(String data, Map<String, String> attributes) throws Exception {
    return topicAdmin.publish(topic, List.of(message(data, attributes))).getMessageIds(0);
  }

  static PubsubMessage message(String data, Map<String, String> attributes) {
    return PubsubMessage.newBuilder().setData(ByteString.copyFromUtf8(data)).putAllAttributes(attributes).build();
  }

  /** Pulls until {@code n} messages (only those with ids in {@code ids}, if given) have arrived. */
  private List<ReceivedMessage> pullUntil(int n, Set<String> ids) {
    long deadline = System.nanoTime() + REDELIVERY_WAIT.toNanos();
    List<ReceivedMessage> got = new ArrayList<>();
    while (got.size() < n) {
      assertFalse(System.nanoTime() - deadline > 0,
          "only " + got.size() + " of " + n + " pulled in " + REDELIVERY_WAIT);
      for (ReceivedMessage m : pullOnce(false)) {
        got.add(m);
        if (!ids.isEmpty() && !ids.contains(m.getMessage().getMessageId())) {
          throw new AssertionError("unexpected delivery " + m);
        }
      }
    }
    return got;
  }

  @SuppressWarnings("deprecation")
  private List<ReceivedMessage> pullOnce(boolean returnImmediately) {
    PullResponse response = subscriptionAdmin.pullCallable().call(PullRequest.newBuilder()
        .setSubscription(subscription)
        .setMaxMessages(10)
        .setReturnImmediately(returnImmediately)
        .build());
    return response.getReceivedMessagesList();
  }
}
