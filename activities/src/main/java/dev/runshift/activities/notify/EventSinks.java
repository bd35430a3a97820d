package dev.runshift.activities.notify;

import java.net.http.HttpClient;

/** Makes the sink a {@link SinkSpec} describes (the notifier providers' factory). */
public final class EventSinks {
  private final String pubSubEndpoint;
  private final HttpClient http;

  /**
   * @param pubSubEndpoint {@code host:port} of a plaintext Pub/Sub (emulator or simulator); null: Google
   */
  public EventSinks(String pubSubEndpoint) {
    this(pubSubEndpoint, HttpSink.defaultClient());
  }

  public EventSinks(String pubSubEndpoint, HttpClient http) {
    this.pubSubEndpoint = pubSubEndpoint;
    this.http = http;
  }

  /** The sink for {@code spec}; a bad topic or URL is an {@link IllegalArgumentException} naming it. */
  public EventSink create(SinkSpec spec) {
    return switch (spec.kind()) {
      case PUBSUB -> PubSubSink.create(spec, pubSubEndpoint);
      case WEBHOOK -> new WebhookSink(spec, http);
      case SLACK -> new SlackSink(spec, http);
    };
  }
}
