package dev.runshift.simulator.testing;

import com.google.cloud.pubsub.v1.AckReplyConsumer;
import com.google.cloud.pubsub.v1.MessageReceiver;
import com.google.pubsub.v1.PubsubMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * A {@link MessageReceiver} that records every delivery (message and its ack handle) for a test to wait
 * on, after applying a reaction (ack, nack, or nothing).
 */
public final class ReceivedMessages implements MessageReceiver {
  /** One delivery of a message. */
  public record Delivery(PubsubMessage message, AckReplyConsumer reply) {
    public String text() {
      return message.getData().toStringUtf8();
    }
  }

  private final BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
  private final BiConsumer<PubsubMessage, AckReplyConsumer> reaction;

  private ReceivedMessages(BiConsumer<PubsubMessage, AckReplyConsumer> reaction) {
    this.reaction = reaction;
  }

  /** Acks every message on receipt. */
  public static ReceivedMessages acking() {
    return new ReceivedMessages((m, r) -> r.ack());
  }

  /** Neither acks nor nacks: the test decides, through {@link Delivery#reply()}. */
  public static ReceivedMessages holding() {
    return new ReceivedMessages((m, r) -> { });
  }

  /** Reacts with {@code reaction}. */
  public static ReceivedMessages reacting(BiConsumer<PubsubMessage, AckReplyConsumer> reaction) {
    return new ReceivedMessages(reaction);
  }

  @Override
  public void receiveMessage(PubsubMessage message, AckReplyConsumer consumer) {
    deliveries.add(new Delivery(message, consumer));
    reaction.accept(message, consumer);
  }

  /** The next delivery, waiting up to {@code timeout}; fails the test if none arrives. */
  public Delivery next(Duration timeout) throws InterruptedException {
    Delivery d = deliveries.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (d == null) {
      throw new AssertionError("no message delivered within " + timeout);
    }
    return d;
  }

  /** The next {@code n} deliveries, waiting up to {@code timeout} in total. */
  public List<Delivery> next(int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Delivery> out = new ArrayList<>(n);
    while (out.size() < n) {
      long left = deadline - System.nanoTime();
      Delivery d = left > 0 ? deliveries.poll(left, TimeUnit.NANOSECONDS) : null;
      if (d == null) {
        throw new AssertionError("only " + out.size() + " of " + n + " messages delivered within " + timeout);
      }
      out.add(d);
    }
    return out;
  }

  /** Deliveries received but not yet taken with {@code next}. */
  public List<Delivery> drain() {
    List<Delivery> out = new ArrayList<>();
    deliveries.drainTo(out);
    return out;
  }
}
