package dev.runshift.activities.notify;

import dev.runshift.events.EventNotice;

/** One destination of release events (a notifier provider): Pub/Sub, a webhook, Slack. */
public interface EventSink extends AutoCloseable {

  /** Its configuration. */
  SinkSpec spec();

  /**
   * Delivers {@code notice} once, within the spec's timeout; throws when it was not accepted. May be
   * called again with the same notice (at-least-once): receivers deduplicate on the event id.
   */
  void deliver(EventNotice notice) throws Exception;

  /** Releases what it holds (a publisher's threads); HTTP sinks hold nothing. */
  @Override
  default void close() {}
}
