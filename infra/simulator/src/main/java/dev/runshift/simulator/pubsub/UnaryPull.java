package dev.runshift.simulator.pubsub;

import com.google.pubsub.v1.PullResponse;
import com.google.pubsub.v1.ReceivedMessage;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;

/**
 * A {@code Pull} call waiting for messages: it takes one batch of up to {@code max_messages}, leased for
 * the subscription's ack deadline, and is answered empty if none arrives within the wait.
 */
final class UnaryPull implements SubscriptionQueue.Receiver {
  private final StreamObserver<PullResponse> out;
  private final int maxMessages;
  private final int ackDeadlineSeconds;
  // Guarded by the queue's lock.
  private boolean done;

  UnaryPull(StreamObserver<PullResponse> out, int maxMessages, int ackDeadlineSeconds) {
    this.out = out;
    this.maxMessages = maxMessages;
    this.ackDeadlineSeconds = ackDeadlineSeconds;
  }

  @Override
  public int capacity() {
    return done ? 0 : maxMessages;
  }

  @Override
  public int ackDeadlineSeconds() {
    return ackDeadlineSeconds;
  }

  @Override
  public boolean takesOneBatch() {
    return true;
  }

  @Override
  public boolean deliver(List<ReceivedMessage> messages) {
    if (done) {
      return false;
    }
    done = true;
    try {
      out.onNext(PullResponse.newBuilder().addAllReceivedMessages(messages).build());
      out.onCompleted();
      return true;
    } catch (RuntimeException cancelled) {
      return false;
    }
  }

  @Override
  public void released(int count) {}

  @Override
  public void end(Status status) {
    if (done) {
      return;
    }
    done = true;
    try {
      if (status.isOk()) {
        out.onNext(PullResponse.getDefaultInstance());
        out.onCompleted();
      } else {
        out.onError(status.asRuntimeException());
      }
    } catch (RuntimeException cancelled) {
      // The client is gone.
    }
  }

  /** Ends the call with no messages without a status change (used when the client cancelled). */
  void abandon() {
    done = true;
  }
}
