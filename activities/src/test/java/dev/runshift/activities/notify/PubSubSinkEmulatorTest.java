package dev.runshift.activities.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.PullResponse;
import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.Subscription;
import dev.runshift.activities.notify.SinkSpec.Kind;
import dev.runshift.events.EventNotice;
import dev.runshift.simulator.testing.PubSubEmulator;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Pub/Sub sink through the official publisher against the official Pub/Sub emulator (plaintext gRPC):
 * CloudEvents JSON, attributes, ordering key, and the order of one release's events on an ordered
 * subscription. Skipped with the reason when the emulator is not installed.
 */
class PubSubSinkEmulatorTest {
  private static final String PROJECT = "runshift-events";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static PubSubEmulator emulator;
  private static ManagedChannel channel;
  private static TopicAdminClient topics;
  private static SubscriptionAdminClient subscriptions;

  @BeforeAll
  static void start() throws Exception {
    emulator = PubSubEmulator.startOrSkip();
    channel = ManagedChannelBuilder.forTarget(emulator.endpoint()).usePlaintext().build();
    TransportChannelProvider channels = FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel));
    topics = TopicAdminClient.create(TopicAdminSettings.newBuilder()
        .setTransportChannelProvider(channels).setCredentialsProvider(NoCredentialsProvider.create()).build());
    subscriptions = SubscriptionAdminClient.create(SubscriptionAdminSettings.newBuilder()
        .setTransportChannelProvider(channels).setCredentialsProvider(NoCredentialsProvider.create()).build());
  }

  @AfterAll
  static void stop() {
    if (topics != null) {
      topics.close();
      subscriptions.close();
      channel.shutdownNow();
    }
    if (emulator != null) {
      emulator.close();
    }
  }

  private static String topicWithOrderedSubscription(String name) {
    String topic = "projects/" + PROJECT + "/topics/" + name;
    String subscription = "projects/" + PROJECT + "/subscriptions/" + name + "-sub";
    topics.createTopic(topic);
    subscriptions.createSubscription(Subscription.newBuilder()
        .setName(subscription).setTopic(topic).setAckDeadlineSeconds(60).setEnableMessageOrdering(true).build());
    return topic;
  }

  /** Pulls until {@code count} messages arrived (or a generous deadline passed), acking each. */
  private static List<PubsubMessage> pull(String topic, int count) {
    String subscription = topic.replace("/topics/", "/subscriptions/") + "-sub";
    List<PubsubMessage> got = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (got.size() < count && System.nanoTime() < deadline) {
      PullResponse response = subscriptions.pull(subscription, count - got.size());
      List<String> acks = new ArrayList<>();
      for (ReceivedMessage m : response.getReceivedMessagesList()) {
        got.add(m.getMessage());
        acks.add(m.getAckId());
      }
      if (!acks.isEmpty()) {
        subscriptions.acknowledge(subscription, acks);
      }
    }
    return got;
  }

  @Test
  void aReleasesEventsArriveAsOrderedCloudEventsWithTheirAttributes() throws Exception {
    String topic = topicWithOrderedSubscription("releases");
    SinkSpec spec = new SinkSpec("audit", Kind.PUBSUB, topic, null, Duration.ofSeconds(30), null);
    try (EventSink sink = new EventSinks(emulator.endpoint()).create(spec)) {
      SinkNotifier notifier = new SinkNotifier(service -> List.of(sink));
      Notices.release().forEach(notifier::send);
    }

    List<PubsubMessage> got = pull(topic, 4);
    List<EventNotice> sent = Notices.release();
    assertEquals(4, got.size(), got.toString());
    for (int i = 0; i < got.size(); i++) {
      PubsubMessage message = got.get(i);
      EventNotice notice = sent.get(i);
      assertEquals("shop-prod/europe-west1/checkout", message.getOrderingKey());
      assertEquals(Map.of(
          "type", CloudEvents.type(notice.event()),
          "service", "shop-prod/europe-west1/checkout",
          "release", "r1",
          "content-type", CloudEvents.CONTENT_TYPE), message.getAttributesMap());
      JsonNode event = JSON.readTree(message.getData().toByteArray());
      assertEquals("1.0", event.get("specversion").asText());
      assertEquals(notice.event().id(), event.get("id").asText(), "in the order they were published");
      assertEquals(CloudEvents.type(notice.event()), event.get("type").asText());
      assertEquals(notice.event().id(), event.get("data").get("event").get("id").asText());
    }
  }

  @Test
  void aMissingTopicFailsTheDeliveryAndTheNextDeliveryStillPublishes() throws Exception {
    String topic = "projects/" + PROJECT + "/topics/not-yet";
    SinkSpec spec = new SinkSpec("audit", Kind.PUBSUB, topic, null, Duration.ofSeconds(30), null);
    try (EventSink sink = new EventSinks(emulator.endpoint()).create(spec)) {
      SinkNotifier notifier = new SinkNotifier(service -> List.of(sink));
      ApplicationFailure failure =
          assertThrows(ApplicationFailure.class, () -> notifier.send(Notices.release().get(0)));
      assertTrue(failure.getOriginalMessage().startsWith("event r1-1 not delivered to audit: "), failure.getOriginalMessage());

      // The retry after the topic exists publishes (the ordering key was resumed after the failure).
      topics.createTopic(topic);
      subscriptions.createSubscription(Subscription.newBuilder().setName(topic.replace("/topics/", "/subscriptions/") + "-sub")
          .setTopic(topic).setAckDeadlineSeconds(60).setEnableMessageOrdering(true).build());
      notifier.send(Notices.release().get(0));
    }
    List<PubsubMessage> got = pull(topic, 1);
    assertEquals(1, got.size());
    assertEquals("dev.runshift.release.started", got.get(0).getAttributesOrThrow("type"));
  }

  @Test
  void aTopicThatIsNotATopicNameIsRefusedWhenTheSinkIsMade() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new EventSinks(emulator.endpoint())
        .create(new SinkSpec("audit", Kind.PUBSUB, "releases", null, null, null)));
    assertTrue(e.getMessage().contains("audit: not a topic name"), e.getMessage());
  }
}
