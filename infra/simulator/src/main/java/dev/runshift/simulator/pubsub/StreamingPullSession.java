package dev.runshift.simulator.pubsub;

import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.StreamingPullRequest;
import com.google.pubsub.v1.StreamingPullResponse;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code StreamingPull} stream, as the official subscriber clients open it.
 *
 * <p>The first request names the subscription and the stream's ack deadline (10-600 s); later requests
 * carry acks, deadline modifications (0 = nack) and empty keep-alive pings, which are answered with an
 * empty response when the client speaks protocol version 1 or later (it closes streams whose pings go
 * unanswered). Messages are pushed as they arrive, at most {@code max_outstanding_messages} unacked at a
 * time when the client sets it. When the client cancels or half-closes, the stream stops receiving; what it
 * held stays leased until acked or its deadline passes, then is redelivered elsewhere.
 */
final class StreamingPullSession implements StreamObserver<StreamingPullRequest>, SubscriptionQueue.Receiver {
  private final MessageBus bus;
  private final ServerCallStreamObserver<StreamingPullResponse> out;

  // Set by the first request, then read under the queue's lock.
  private volatile SubscriptionQueue queue;
  private volatile int ackDeadlineSeconds;
  private long maxOutstanding;
  private long protocolVersion;
  // Guarded by the queue's lock.
  private int held;
  private boolean closed;

  StreamingPullSession(MessageBus bus, ServerCallStreamObserver<StreamingPullResponse> out) {
    this.bus = bus;
    this.out = out;
    out.setOnCancelHandler(this::stop);
  }

  @Override
  public void onNext(StreamingPullRequest request) {
    try {
      if (queue == null) {
        open(request);
      }
      handle(request);
    } catch (io.grpc.StatusRuntimeException e) {
      fail(e.getStatus());
    }
  }

  @Override
  public void onError(Throwable t) {
    stop();
  }

  @Override
  public void onCompleted() {
    SubscriptionQueue q = queue;
    if (q == null) {
      closeWith(null);
      return;
    }
    q.locked(() -> closeWith(null));
    q.detach(this);
  }

  private void open(StreamingPullRequest first) {
    String name = PubSubNames.subscription(first.getSubscription(), "subscription");
    int deadline = first.getStreamAckDeadlineSeconds();
    if (deadline < MessageBus.DEFAULT_ACK_DEADLINE_SECONDS || deadline > MessageBus.MAX_ACK_DEADLINE_SECONDS) {
      throw Rpc.invalidArgument("stream_ack_deadline_seconds",
          "must be between 10 and 600 seconds, was " + deadline);
    }
    if (first.getMaxOutstandingMessages() < 0) {
      throw Rpc.invalidArgument("max_outstanding_messages", "must not be negative");
    }
    SubscriptionQueue q = bus.queue(name, "subscription");
    ackDeadlineSeconds = deadline;
    maxOutstanding = first.getMaxOutstandingMessages();
    protocolVersion = first.getProtocolVersion();
    queue = q;
    q.attach(this);
  }

  private void handle(StreamingPullRequest request) {
    SubscriptionQueue q = queue;
    if (request.getModifyDeadlineAckIdsCount() != request.getModifyDeadlineSecondsCount()) {
      throw Rpc.invalidArgument("modify_deadline_seconds",
          "must have as many entries as modify_deadline_ack_ids ("
              + request.getModifyDeadlineSecondsCount() + " != " + request.getModifyDeadlineAckIdsCount() + ")");
    }
    Map<Integer, List<String>> bySeconds = new LinkedHashMap<>();
    for (int i = 0; i < request.getModifyDeadlineAckIdsCount(); i++) {
      int seconds = request.getModifyDeadlineSeconds(i);
      if (seconds < 0 || seconds > MessageBus.MAX_ACK_DEADLINE_SECONDS) {
        throw Rpc.invalidArgument("modify_deadline_seconds[" + i + "]",
            "must be between 0 and 600 seconds, was " + seconds);
      }
      bySeconds.computeIfAbsent(seconds, s -> new ArrayList<>()).add(request.getModifyDeadlineAckIds(i));
    }
    if (request.getStreamAckDeadlineSeconds() != 0) {
      int deadline = request.getStreamAckDeadlineSeconds();
      if (deadline >= MessageBus.DEFAULT_ACK_DEADLINE_SECONDS && deadline <= MessageBus.MAX_ACK_DEADLINE_SECONDS) {
        ackDeadlineSeconds = deadline;
      }
    }
    if (request.getAckIdsCount() > 0) {
      q.acknowledge(request.getAckIdsList());
    }
    bySeconds.forEach((seconds, ackIds) -> q.modifyAckDeadline(ackIds, seconds));
    if (isPing(request) && protocolVersion >= 1) {
      q.locked(() -> send(StreamingPullResponse.getDefaultInstance()));
    }
  }

  private static boolean isPing(StreamingPullRequest r) {
    return r.getSubscription().isEmpty() && r.getAckIdsCount() == 0 && r.getModifyDeadlineAckIdsCount() == 0
        && r.getStreamAckDeadlineSeconds() == 0;
  }

  /** Client went away: stop delivering here. Called on cancel, from any thread. */
  private void stop() {
    SubscriptionQueue q = queue;
    if (q == null) {
      return;
    }
    q.locked(() -> closed = true);
    q.detach(this);
  }

  private void fail(Status status) {
    SubscriptionQueue q = queue;
    if (q == null) {
      closeWith(status);
      return;
    }
    q.locked(() -> closeWith(status));
    q.detach(this);
  }

  private void closeWith(Status status) {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (status == null) {
        out.onCompleted();
      } else {
        out.onError(status.asRuntimeException());
      }
    } catch (RuntimeException alreadyCancelled) {
      // The call ended under us; nothing to tell the client.
    }
  }

  private boolean send(StreamingPullResponse response) {
    if (closed || out.isCancelled()) {
      closed = true;
      return false;
    }
    try {
      out.onNext(response);
      return true;
    } catch (RuntimeException cancelled) {
      closed = true;
      return false;
    }
  }

  @Override
  public int capacity() {
    if (closed) {
      return 0;
    }
    if (maxOutstanding <= 0) {
      return SubscriptionQueue.MAX_BATCH;
    }
    return (int) Math.max(0, Math.min(SubscriptionQueue.MAX_BATCH, maxOutstanding - held));
  }

  @Override
  public int ackDeadlineSeconds() {
    return ackDeadlineSeconds;
  }

  @Override
  public boolean takesOneBatch() {
    return false;
  }

  @Override
  public boolean deliver(List<ReceivedMessage> messages) {
    if (!send(StreamingPullResponse.newBuilder().addAllReceivedMessages(messages).build())) {
      return false;
    }
    held += messages.size();
    return true;
  }

  @Override
  public void released(int count) {
    held -= count;
  }

  @Override
  public void end(Status status) {
    closeWith(status);
  }
}
