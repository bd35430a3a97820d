package dev.runshift.activities.notify;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * One place events go, as configured (routing config {@code notifiers}, or worker flags).
 *
 * @param name how errors and logs name it, e.g. {@code ops-slack} or {@code --notify-webhook}
 * @param kind where it goes
 * @param target the topic ({@code projects/P/topics/T}) or the URL
 * @param secret the webhook's HMAC-SHA256 key (null: requests are not signed); unused by other kinds
 * @param timeout how long one delivery may take
 * @param events the event types it gets (as in JSON {@code type}); empty: every event sent
 */
public record SinkSpec(String name, Kind kind, String target, String secret, Duration timeout, Set<String> events) {

  /** The default time a delivery may take. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** What Slack gets unless configured otherwise: the milestones, not every step and verdict. */
  public static final Set<String> SLACK_DEFAULT_EVENTS = Set.of(
      "started", "awaiting-approval", "awaiting-operator", "traffic-restored", "promoted", "rolled-back", "aborted");

  /** Where events go. */
  public enum Kind {
    /** A Pub/Sub topic: CloudEvents 1.0 JSON (structured mode), ordered per service. */
    PUBSUB,
    /** An HTTPS endpoint: CloudEvents 1.0 JSON POSTed, signed with HMAC-SHA256. */
    WEBHOOK,
    /** A Slack incoming webhook: one line of text per event. */
    SLACK
  }

  public SinkSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(target, "target");
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    events = events == null || events.isEmpty() ? (kind == Kind.SLACK ? SLACK_DEFAULT_EVENTS : Set.of()) : Set.copyOf(events);
  }

  /** Whether events of {@code type} go to this sink. */
  public boolean wants(String type) {
    return events.isEmpty() || events.contains(type);
  }
}
