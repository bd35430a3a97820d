package dev.runshift.simulator.pubsub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.ReceivedMessage;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** At-least-once bookkeeping of one subscription, on a hand-driven clock. */
class SubscriptionQueueTest {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final SubscriptionQueue queue = new SubscriptionQueue("projects/p/subscriptions/s", nanos::get);
  private long ids;

  /** A receiver taking up to {@code capacity} unacked messages and recording what it got. */
  private static final class Recorder implements SubscriptionQueue.Receiver {
    final List<ReceivedMessage> got = new ArrayList<>();
    final int capacity;
    final int deadlineSeconds;
    int held;
    Status ended;

    Recorder(int capacity, int deadlineSeconds) {
      this.capacity = capacity;
      this.deadlineSeconds = deadlineSeconds;
    }

    @Override
    public int capacity() {
      return ended != null ? 0 : capacity - held;
    }

    @Override
    public int ackDeadlineSeconds() {
      return deadlineSeconds;
    }

    @Override
    public boolean takesOneBatch() {
      return false;
    }

    @Override
    public boolean deliver(List<ReceivedMessage> messages) {
      got.addAll(messages);
      held += messages.size();
      return true;
    }

    @Override
    public void released(int count) {
      held -= count;
    }

    @Override
    public void end(Status status) {
      ended = status;
    }

    ReceivedMessage last() {
      return got.get(got.size() - 1);
    }
  }

  private PubsubMessage message(String text) {
    return PubsubMessage.newBuilder()
        .setMessageId(Long.toString(++ids))
        .setData(ByteString.copyFromUtf8(text))
        .build();
  }

  private void advanceSeconds(double seconds) {
    nanos.addAndGet((long) (seconds * TimeUnit.SECONDS.toNanos(1)));
    queue.expireLeases();
  }

  @Test
  void leaseExpiresAtItsDeadlineNotBefore() {
    Recorder r = new Recorder(10, 10);
    queue.attach(r);
    queue.enqueue(message("a"));
    assertEquals(1, r.got.size());

    advanceSeconds(9.9);
    assertEquals(1, r.got.size(), "still leased before the deadline");
    advanceSeconds(0.1);
    assertEquals(2, r.got.size(), "redelivered at the deadline");
    assertEquals(r.got.get(0).getMessage(), r.got.get(1).getMessage());
    assertNotEquals(r.got.get(0).getAckId(), r.got.get(1).getAckId());
  }

  @Test
  void ackedMessageIsNeverRedeliveredAndStaleAckIdsAreIgnored() {
    Recorder r = new Recorder(10, 10);
    queue.attach(r);
    queue.enqueue(message("a"));
    String firstAckId = r.last().getAckId();
    advanceSeconds(10);
    String secondAckId = r.last().getAckId();

    queue.acknowledge(List.of(firstAckId));
    assertEquals(1, queue.unacknowledged(), "an expired ack id does not ack the redelivery");
    queue.acknowledge(List.of(secondAckId));
    assertEquals(0, queue.unacknowledged());
    advanceSeconds(60);
    assertEquals(2, r.got.size());
  }

  @Test
  void modifyAckDeadlineExtendsAndZeroRedeliversAtOnce() {
    Recorder r = new Recorder(10, 10);
    queue.attach(r);
    queue.enqueue(message("a"));
    queue.modifyAckDeadline(List.of(r.last().getAckId()), 30);
    advanceSeconds(29);
    assertEquals(1, r.got.size(), "extended to 30 s");

    queue.modifyAckDeadline(List.of(r.last().getAckId()), 0);
    assertEquals(2, r.got.size(), "a nack redelivers without waiting");
  }

  @Test
  void redeliveriesGoAheadOfNewerMessages() {
    Recorder r = new Recorder(1, 10);
    queue.attach(r);
    queue.enqueue(message("first"));
    queue.enqueue(message("second"));
    assertEquals(1, r.got.size(), "capacity 1");

    queue.modifyAckDeadline(List.of(r.last().getAckId()), 0);
    assertEquals("first", r.last().getMessage().getData().toStringUtf8());
    queue.acknowledge(List.of(r.last().getAckId()));
    assertEquals("second", r.last().getMessage().getData().toStringUtf8());
  }

  @Test
  void receiversTakeTurns() {
    Recorder a = new Recorder(1, 10);
    Recorder b = new Recorder(1, 10);
    queue.attach(a);
    queue.attach(b);
    queue.enqueue(message("1"));
    queue.enqueue(message("2"));
    queue.enqueue(message("3"));
    assertEquals(1, a.got.size());
    assertEquals(1, b.got.size());
    assertEquals(3, queue.unacknowledged());
  }

  @Test
  void detachedReceiversMessagesComeBackAfterTheirDeadline() {
    Recorder gone = new Recorder(10, 10);
    queue.attach(gone);
    queue.enqueue(message("a"));
    queue.detach(gone);
    Recorder next = new Recorder(10, 10);
    queue.attach(next);
    assertTrue(next.got.isEmpty(), "still leased to the detached receiver");
    advanceSeconds(10);
    assertEquals(1, next.got.size());
    assertEquals(1, gone.got.size());
  }

  @Test
  void deleteEndsReceiversWithNotFound() {
    Recorder r = new Recorder(10, 10);
    queue.attach(r);
    queue.delete();
    assertEquals(Status.Code.NOT_FOUND, r.ended.getCode());
    queue.enqueue(message("late"));
    assertEquals(0, queue.unacknowledged());
  }
}
