package dev.runshift.simulator.pubsub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.pubsub.v1.DeleteSubscriptionRequest;
import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.StreamingPullRequest;
import com.google.pubsub.v1.StreamingPullResponse;
import com.google.pubsub.v1.SubscriberGrpc;
import dev.runshift.simulator.Simulator;
import dev.runshift.simulator.testing.PlaintextChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The StreamingPull protocol of the simulator at the wire level (the raw generated stub), for the parts the
 * official subscriber relies on but does not expose: request validation, flow control, keep-alive pings,
 * acks and nacks on the stream, and ending streams when their subscription goes away.
 */
class StreamingPullProtocolTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static Simulator sim;
  private PlaintextChannel channel;
  private String topic;
  private String subscription;

  @BeforeAll
  static void start() {
    sim = Simulator.start();
  }

  @AfterAll
  static void stop() {
    sim.close();
    sim.pubSub().close();
    sim.cloudBuild().close();
  }

  @BeforeEach
  void setUp() {
    channel = PlaintextChannel.to(sim.endpoint());
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    topic = "projects/p/topics/t-" + suffix;
    subscription = "projects/p/subscriptions/s-" + suffix;
    sim.pubSub().createTopic(topic);
    sim.pubSub().createSubscription(subscription, topic);
  }

  @AfterEach
  void tearDown() {
    channel.close();
  }

  /** One client stream: what it received, and how it ended. */
  private final class Stream implements StreamObserver<StreamingPullResponse> {
    final BlockingQueue<StreamingPullResponse> responses = new LinkedBlockingQueue<>();
    final CompletableFuture<Status> ended = new CompletableFuture<>();
    final StreamObserver<StreamingPullRequest> requests;

    Stream() {
      requests = SubscriberGrpc.newStub(channel.channel()).streamingPull(this);
    }

    Stream send(StreamingPullRequest r) {
      requests.onNext(r);
      return this;
    }

    Stream open(long maxOutstanding) {
      return send(StreamingPullRequest.newBuilder()
          .setSubscription(subscription)
          .setStreamAckDeadlineSeconds(60)
          .setMaxOutstandingMessages(maxOutstanding)
          .setProtocolVersion(1)
          .build());
    }

    List<ReceivedMessage> receive(int n) throws InterruptedException {
      List<ReceivedMessage> got = new ArrayList<>();
      while (got.size() < n) {
        StreamingPullResponse r = responses.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertNotNull(r, "received " + got.size() + " of " + n);
        got.addAll(r.getReceivedMessagesList());
      }
      assertEquals(n, got.size());
      return got;
    }

    Status end() throws Exception {
      return ended.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public void onNext(StreamingPullResponse value) {
      responses.add(value);
    }

    @Override
    public void onError(Throwable t) {
      ended.complete(Status.fromThrowable(t));
    }

    @Override
    public void onCompleted() {
      ended.complete(Status.OK);
    }
  }

  @Test
  void firstRequestMustNameTheSubscription() throws Exception {
    Status status = new Stream().send(StreamingPullRequest.newBuilder().setStreamAckDeadlineSeconds(10).build()).end();
    assertEquals(Status.Code.INVALID_ARGUMENT, status.getCode());
    assertTrue(status.getDescription().contains("subscription"), status.getDescription());
  }

  @Test
  void streamAckDeadlineMustBeInRange() throws Exception {
    Status status = new Stream().send(StreamingPullRequest.newBuilder()
        .setSubscription(subscription).setStreamAckDeadlineSeconds(5).build()).end();
    assertEquals(Status.Code.INVALID_ARGUMENT, status.getCode());
    assertTrue(status.getDescription().contains("stream_ack_deadline_seconds"), status.getDescription());
  }

  @Test
  void unknownSubscriptionIsNotFound() throws Exception {
    Status status = new Stream().send(StreamingPullRequest.newBuilder()
        .setSubscription("projects/p/subscriptions/nope").setStreamAckDeadlineSeconds(10).build()).end();
    assertEquals(Status.Code.NOT_FOUND, status.getCode());
  }

  @Test
  void mismatchedDeadlineListsAreRejected() throws Exception {
    Stream stream = new Stream().open(0);
    stream.send(StreamingPullRequest.newBuilder()
        .addModifyDeadlineAckIds("a").addModifyDeadlineAckIds("b").addModifyDeadlineSeconds(10).build());
    Status status = stream.end();
    assertEquals(Status.Code.INVALID_ARGUMENT, status.getCode());
    assertTrue(status.getDescription().contains("modify_deadline_seconds"), status.getDescription());
  }

  /**
   * A stream allowed 2 outstanding messages holds 2; the other 3 of 5 go to a second stream, so together
   * they see all 5 exactly once.
   */
  @Test
  void maxOutstandingMessagesLimitsWhatAStreamHolds() throws Exception {
    Stream limited = new Stream().open(2);
    for (int i = 0; i < 5; i++) {
      sim.pubSub().publish(topic, "m" + i, Map.of());
    }
    List<ReceivedMessage> first = limited.receive(2);
    Stream other = new Stream().open(0);
    List<ReceivedMessage> rest = other.receive(3);

    Set<String> ids = new HashSet<>();
    first.forEach(m -> ids.add(m.getMessage().getMessageId()));
    rest.forEach(m -> ids.add(m.getMessage().getMessageId()));
    assertEquals(5, ids.size(), "each message delivered to exactly one stream");
  }

  @Test
  void acksAndNacksOnTheStream() throws Exception {
    Stream stream = new Stream().open(0);
    sim.pubSub().publish(topic, "keep", Map.of());
    sim.pubSub().publish(topic, "retry", Map.of());
    List<ReceivedMessage> got = stream.receive(2);
    ReceivedMessage keep = got.stream().filter(m -> m.getMessage().getData().toStringUtf8().equals("keep")).findFirst().orElseThrow();
    ReceivedMessage retry = got.stream().filter(m -> m.getMessage().getData().toStringUtf8().equals("retry")).findFirst().orElseThrow();

    stream.send(StreamingPullRequest.newBuilder()
        .addAckIds(keep.getAckId())
        .addModifyDeadlineAckIds(retry.getAckId())
        .addModifyDeadlineSeconds(0)
        .build());

    ReceivedMessage again = stream.receive(1).get(0);
    assertEquals(retry.getMessage().getMessageId(), again.getMessage().getMessageId());
    assertNotEquals(retry.getAckId(), again.getAckId());
    assertEquals(1, sim.pubSub().unacknowledged(subscription), "only the nacked message is still unacked");
  }

  @Test
  void keepAlivePingIsAnswered() throws Exception {
    Stream stream = new Stream().open(0);
    stream.send(StreamingPullRequest.getDefaultInstance());
    StreamingPullResponse pong = stream.responses.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertNotNull(pong, "an empty response answers the ping");
    assertEquals(0, pong.getReceivedMessagesCount());
  }

  @Test
  void deletingTheSubscriptionEndsItsStreams() throws Exception {
    Stream stream = new Stream().open(0);
    sim.pubSub().publish(topic, "before", Map.of());
    stream.receive(1);

    SubscriberGrpc.newBlockingStub(channel.channel()).deleteSubscription(
        DeleteSubscriptionRequest.newBuilder().setSubscription(subscription).build());

    assertEquals(Status.Code.NOT_FOUND, stream.end().getCode());
  }
}
