package dev.runshift.simulator.pubsub;

import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.ReceivedMessage;
import io.grpc.Status;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * At-least-once delivery for one subscription.
 *
 * <p>Guarantees: every message enqueued is handed to a receiver, and handed again until it is acknowledged.
 * A delivery leases the message under a fresh ack id until its ack deadline (the receiver's deadline,
 * extendable with {@link #modifyAckDeadline}); when the lease expires or is given up (deadline 0, a
 * "nack"), the message goes back to the front of the backlog and is redelivered under a new ack id. Ack
 * ids of ended leases are ignored. Deadlines are measured on {@code nanoTime} (the wall clock in the
 * simulator), not the simulated clock: redelivery is about real time passing for real clients.
 *
 * <p>Receivers (streaming pulls and waiting unary pulls) are served in turn, each up to its capacity.
 * Everything is guarded by this object's monitor, and receivers are called with it held, so deliveries
 * to one receiver never interleave.
 */
final class SubscriptionQueue {

  /** Something messages are delivered to: an open StreamingPull stream or a waiting Pull call. */
  interface Receiver {
    /** How many more messages this receiver accepts now (0: none). */
    int capacity();

    /** Seconds a message delivered to this receiver stays leased unless extended. */
    int ackDeadlineSeconds();

    /** True for a unary pull, which takes one batch and is then done. */
    boolean takesOneBatch();

    /** Hands over {@code messages}; false when the receiver is gone and the messages were not taken. */
    boolean deliver(List<ReceivedMessage> messages);

    /** {@code count} of the messages this receiver held are no longer leased to it. */
    void released(int count);

    /** The subscription went away (or the receiver timed out); finish with {@code status}. */
    void end(Status status);
  }

  private record Lease(PubsubMessage message, Receiver holder, long deadlineNanos) {}

  /** Most messages sent in one batch; Pub/Sub sends large backlogs in several responses too. */
  static final int MAX_BATCH = 1000;

  private final String name;
  private final LongSupplier nanoTime;
  private final ArrayDeque<PubsubMessage> backlog = new ArrayDeque<>();
  private final Map<String, Lease> leases = new HashMap<>();
  private final List<Receiver> receivers = new ArrayList<>();
  private int nextReceiver;
  private long nextAckId;
  private boolean deleted;

  SubscriptionQueue(String name, LongSupplier nanoTime) {
    this.name = name;
    this.nanoTime = nanoTime;
  }

  synchronized void enqueue(PubsubMessage message) {
    if (deleted) {
      return;
    }
    backlog.addLast(message);
    dispatch();
  }

  /** Adds a receiver; it is sent what is waiting right away, up to its capacity. */
  synchronized void attach(Receiver receiver) {
    if (deleted) {
      receiver.end(Status.NOT_FOUND.withDescription("Subscription does not exist (resource=" + name + ")"));
      return;
    }
    receivers.add(receiver);
    dispatch();
  }

  /** Removes a receiver; the messages it holds stay leased until acked or their deadline passes. */
  synchronized boolean detach(Receiver receiver) {
    return receivers.remove(receiver);
  }

  /** Detaches {@code receiver} and, if it was still waiting, ends it with {@code status}. */
  synchronized void detachAndEnd(Receiver receiver, Status status) {
    if (receivers.remove(receiver)) {
      receiver.end(status);
    }
  }

  /** Ends the leases named by {@code ackIds}; their messages are done. Unknown or expired ids are ignored. */
  synchronized void acknowledge(Collection<String> ackIds) {
    for (String ackId : ackIds) {
      Lease lease = leases.remove(ackId);
      if (lease != null) {
        lease.holder.released(1);
      }
    }
    dispatch();
  }

  /**
   * Sets the deadline of the named leases to {@code seconds} from now; 0 gives the messages up for
   * prompt redelivery. Unknown or expired ids are ignored.
   */
  synchronized void modifyAckDeadline(Collection<String> ackIds, int seconds) {
    long now = nanoTime.getAsLong();
    List<PubsubMessage> givenUp = new ArrayList<>();
    for (String ackId : ackIds) {
      Lease lease = leases.get(ackId);
      if (lease == null) {
        continue;
      }
      if (seconds == 0) {
        leases.remove(ackId);
        lease.holder.released(1);
        givenUp.add(lease.message);
      } else {
        leases.put(ackId, new Lease(lease.message, lease.holder, now + TimeUnit.SECONDS.toNanos(seconds)));
      }
    }
    requeueFirst(givenUp);
    dispatch();
  }

  /** Returns messages whose lease deadline has passed to the backlog and redelivers them. */
  synchronized void expireLeases() {
    long now = nanoTime.getAsLong();
    List<PubsubMessage> expired = new ArrayList<>();
    for (Iterator<Lease> it = leases.values().iterator(); it.hasNext(); ) {
      Lease lease = it.next();
      if (lease.deadlineNanos - now <= 0) {
        it.remove();
        lease.holder.released(1);
        expired.add(lease.message);
      }
    }
    requeueFirst(expired);
    dispatch();
  }

  /** Drops every message and ends every receiver with NOT_FOUND; the queue accepts nothing after. */
  synchronized void delete() {
    deleted = true;
    backlog.clear();
    leases.clear();
    List<Receiver> ending = List.copyOf(receivers);
    receivers.clear();
    for (Receiver r : ending) {
      r.end(Status.NOT_FOUND.withDescription("Subscription does not exist (resource=" + name + ")"));
    }
  }

  /** Messages published to the subscription and not yet acknowledged (waiting or leased). */
  synchronized int unacknowledged() {
    return backlog.size() + leases.size();
  }

  /** Runs {@code action} with this queue locked, so it does not interleave with deliveries. */
  synchronized void locked(Runnable action) {
    action.run();
  }

  private void requeueFirst(List<PubsubMessage> messages) {
    // Oldest first: push in reverse publish order onto the front.
    messages.sort((a, b) -> Long.compare(sequence(a), sequence(b)));
    for (int i = messages.size() - 1; i >= 0; i--) {
      backlog.addFirst(messages.get(i));
    }
  }

  private static long sequence(PubsubMessage m) {
    try {
      return Long.parseLong(m.getMessageId());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private void dispatch() {
    while (!backlog.isEmpty()) {
      Receiver receiver = nextWithCapacity();
      if (receiver == null) {
        return;
      }
      int n = Math.min(Math.min(receiver.capacity(), backlog.size()), MAX_BATCH);
      long deadline = nanoTime.getAsLong() + TimeUnit.SECONDS.toNanos(receiver.ackDeadlineSeconds());
      List<ReceivedMessage> batch = new ArrayList<>(n);
      List<String> ackIds = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        PubsubMessage message = backlog.pollFirst();
        String ackId = name + ":" + (++nextAckId);
        leases.put(ackId, new Lease(message, receiver, deadline));
        ackIds.add(ackId);
        batch.add(ReceivedMessage.newBuilder().setAckId(ackId).setMessage(message).build());
      }
      if (receiver.takesOneBatch()) {
        receivers.remove(receiver);
      }
      if (!receiver.deliver(batch)) {
        receivers.remove(receiver);
        List<PubsubMessage> back = new ArrayList<>(n);
        for (String ackId : ackIds) {
          back.add(leases.remove(ackId).message);
        }
        requeueFirst(back);
      }
    }
  }

  private Receiver nextWithCapacity() {
    int count = receivers.size();
    for (int i = 0; i < count; i++) {
      int index = (nextReceiver + i) % count;
      Receiver r = receivers.get(index);
      if (r.capacity() > 0) {
        nextReceiver = index + 1;
        return r;
      }
    }
    return null;
  }
}
