package dev.runshift.simulator.pubsub;

import com.google.protobuf.Empty;
import com.google.pubsub.v1.AcknowledgeRequest;
import com.google.pubsub.v1.DeleteSubscriptionRequest;
import com.google.pubsub.v1.GetSubscriptionRequest;
import com.google.pubsub.v1.ListSubscriptionsRequest;
import com.google.pubsub.v1.ListSubscriptionsResponse;
import com.google.pubsub.v1.ModifyAckDeadlineRequest;
import com.google.pubsub.v1.PullRequest;
import com.google.pubsub.v1.PullResponse;
import com.google.pubsub.v1.StreamingPullRequest;
import com.google.pubsub.v1.StreamingPullResponse;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.SubscriberGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** {@code google.pubsub.v1.Subscriber}: subscriptions, pull, streaming pull, ack and deadline changes. */
final class SubscriberService extends SubscriberGrpc.SubscriberImplBase {
  /** How long a Pull with no messages waits before answering empty. */
  static final Duration PULL_WAIT = Duration.ofSeconds(2);

  private final MessageBus bus;
  private final ScheduledExecutorService timers;

  SubscriberService(MessageBus bus, ScheduledExecutorService timers) {
    this.bus = bus;
    this.timers = timers;
  }

  @Override
  public void createSubscription(Subscription request, StreamObserver<Subscription> out) {
    Rpc.unary(out, () -> bus.createSubscription(request));
  }

  @Override
  public void getSubscription(GetSubscriptionRequest request, StreamObserver<Subscription> out) {
    Rpc.unary(out, () -> bus.getSubscription(request.getSubscription(), "subscription"));
  }

  @Override
  public void deleteSubscription(DeleteSubscriptionRequest request, StreamObserver<Empty> out) {
    Rpc.unary(out, () -> {
      bus.deleteSubscription(request.getSubscription(), "subscription");
      return Empty.getDefaultInstance();
    });
  }

  @Override
  public void listSubscriptions(ListSubscriptionsRequest request, StreamObserver<ListSubscriptionsResponse> out) {
    Rpc.unary(out, () -> {
      String project = PubSubNames.project(request.getProject(), "project");
      Page<Subscription> page =
          Page.of(bus.subscriptions(project), request.getPageSize(), request.getPageToken());
      return ListSubscriptionsResponse.newBuilder()
          .addAllSubscriptions(page.items())
          .setNextPageToken(page.nextToken())
          .build();
    });
  }

  @Override
  public void acknowledge(AcknowledgeRequest request, StreamObserver<Empty> out) {
    Rpc.unary(out, () -> {
      SubscriptionQueue queue = bus.queue(request.getSubscription(), "subscription");
      if (request.getAckIdsCount() == 0) {
        throw Rpc.invalidArgument("ack_ids", "at least one ack id is required");
      }
      queue.acknowledge(request.getAckIdsList());
      return Empty.getDefaultInstance();
    });
  }

  @Override
  public void modifyAckDeadline(ModifyAckDeadlineRequest request, StreamObserver<Empty> out) {
    Rpc.unary(out, () -> {
      SubscriptionQueue queue = bus.queue(request.getSubscription(), "subscription");
      if (request.getAckIdsCount() == 0) {
        throw Rpc.invalidArgument("ack_ids", "at least one ack id is required");
      }
      int seconds = request.getAckDeadlineSeconds();
      if (seconds < 0 || seconds > MessageBus.MAX_ACK_DEADLINE_SECONDS) {
        throw Rpc.invalidArgument("ack_deadline_seconds", "must be between 0 and 600 seconds, was " + seconds);
      }
      queue.modifyAckDeadline(request.getAckIdsList(), seconds);
      return Empty.getDefaultInstance();
    });
  }

  @Override
  @SuppressWarnings("deprecation") // return_immediately is deprecated but still honoured by Pub/Sub
  public void pull(PullRequest request, StreamObserver<PullResponse> out) {
    SubscriptionQueue queue;
    Subscription subscription;
    try {
      subscription = bus.getSubscription(request.getSubscription(), "subscription");
      queue = bus.queue(request.getSubscription(), "subscription");
      if (request.getMaxMessages() <= 0) {
        throw Rpc.invalidArgument("max_messages", "must be positive, was " + request.getMaxMessages());
      }
    } catch (StatusRuntimeException e) {
      out.onError(e);
      return;
    }
    UnaryPull pull = new UnaryPull(out, request.getMaxMessages(), subscription.getAckDeadlineSeconds());
    if (out instanceof ServerCallStreamObserver<PullResponse> call) {
      call.setOnCancelHandler(() -> queue.locked(() -> {
        queue.detach(pull);
        pull.abandon();
      }));
    }
    queue.attach(pull);
    long wait = request.getReturnImmediately() ? 0 : PULL_WAIT.toMillis();
    timers.schedule(() -> queue.detachAndEnd(pull, Status.OK), wait, TimeUnit.MILLISECONDS);
  }

  @Override
  public StreamObserver<StreamingPullRequest> streamingPull(StreamObserver<StreamingPullResponse> out) {
    return new StreamingPullSession(bus, (ServerCallStreamObserver<StreamingPullResponse>) out);
  }
}
