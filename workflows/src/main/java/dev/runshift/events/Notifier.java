package dev.runshift.events;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Tells the world about a release's events (served on {@code notify}, {@link dev.runshift.ports.TaskQueues#NOTIFY}):
 * the sinks configured for the notice's service (Pub/Sub, webhooks, Slack) each get it.
 *
 * <p>Delivery is at least once: a retried activity sends again, with the same {@link ReleaseEvent#id()},
 * which receivers deduplicate on. A notifier with no sink for the service returns at once.
 */
@ActivityInterface(namePrefix = "Notify.")
public interface Notifier {

  /**
   * The failure type of a send that failed; its details are the kinds of the sinks that failed
   * ({@code String[]}, e.g. {@code webhook}).
   */
  String FAILED = "NotificationFailed";

  /** Delivers {@code notice} to every sink for its service; fails (retryably) when any sink failed. */
  @ActivityMethod
  void send(EventNotice notice);
}
