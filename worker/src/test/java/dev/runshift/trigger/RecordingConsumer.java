package dev.runshift.trigger;

import com.google.cloud.pubsub.v1.AckReplyConsumer;
import java.util.ArrayList;
import java.util.List;

/** Records the receiver's replies to one message. */
final class RecordingConsumer implements AckReplyConsumer {
  final List<String> replies = new ArrayList<>();

  @Override
  public synchronized void ack() {
    replies.add("ack");
  }

  @Override
  public synchronized void nack() {
    replies.add("nack");
  }
}
