package dev.runshift.testing;

import dev.runshift.events.EventNotice;
import dev.runshift.events.Notifier;
import java.util.ArrayList;
import java.util.List;

/** Records every notice it is sent (retries included); fails every send while told to. */
public class FakeNotifier implements Notifier {
  private final List<EventNotice> received = new ArrayList<>();
  private String failWith;
  private int attempts;

  /** Every send fails with {@code message} until {@code null} is passed. */
  public synchronized void failWith(String message) {
    failWith = message;
  }

  /** The notices delivered, in the order they arrived. */
  public synchronized List<EventNotice> received() {
    return List.copyOf(received);
  }

  /** Every send, failed or not. */
  public synchronized int attempts() {
    return attempts;
  }

  @Override
  public synchronized void send(EventNotice notice) {
    attempts++;
    if (failWith != null) {
      throw new IllegalStateException(failWith);
    }
    received.add(notice);
  }
}
