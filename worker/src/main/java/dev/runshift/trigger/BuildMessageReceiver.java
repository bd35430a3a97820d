package dev.runshift.trigger;

import com.google.cloud.pubsub.v1.AckReplyConsumer;
import com.google.cloud.pubsub.v1.MessageReceiver;
import com.google.pubsub.v1.PubsubMessage;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acks or nacks each Cloud Build notification; the decisions are the parser's.
 *
 * <ul>
 *   <li>Routed: first confirmed with Cloud Build ({@link BuildConfirmer}): a claim Cloud Build does not
 *       back (no such build, not SUCCESS, an image not in its results) is acked with exactly one warning
 *       naming the build id, and nothing is released; if Cloud Build cannot be asked, nacked. Then every
 *       release is handed to the {@link ReleaseStarter}; acked only when all were accepted, otherwise
 *       nacked so Pub/Sub redelivers it (the entity drops what it already has).
 *   <li>Ignored (not SUCCESS, no images, no route): acked; logged at debug, an unrouted image once.
 *   <li>Malformed: acked with exactly one warning naming the message id and the problem, because no
 *       redelivery can fix it.
 * </ul>
 *
 * Never throws to the subscriber, whatever the message holds.
 */
public final class BuildMessageReceiver implements MessageReceiver {
  private static final Logger log = LoggerFactory.getLogger(BuildMessageReceiver.class);
  private static final int UNROUTED_MEMORY = 1000;

  private final BuildNotificationParser parser;
  private final ReleaseStarter starter;
  private final BuildConfirmer confirmer;
  private final Set<String> unroutedLogged =
      Collections.synchronizedSet(
          Collections.newSetFromMap(
              new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                  return size() > UNROUTED_MEMORY;
                }
              }));

  public BuildMessageReceiver(BuildNotificationParser parser, BuildConfirmer confirmer, ReleaseStarter starter) {
    this.parser = parser;
    this.confirmer = confirmer;
    this.starter = starter;
  }

  @Override
  public void receiveMessage(PubsubMessage message, AckReplyConsumer consumer) {
    String id = message.getMessageId();
    Notification notification;
    try {
      notification = parser.parse(message.getData(), message.getAttributesMap());
    } catch (RuntimeException e) {
      // The parser is total; this is a bug, and redelivering the same bytes would hit it again.
      notification = new Notification.Malformed("could not be read: " + e);
    }
    if (notification instanceof Notification.Malformed malformed) {
      log.warn("Pub/Sub message {} is not a usable Cloud Build notification, dropped: {}", id, malformed.reason());
      consumer.ack();
    } else if (notification instanceof Notification.Ignore ignore) {
      log.debug("Pub/Sub message {}: nothing to release: {}", id, ignore.reason());
      logUnrouted(ignore.unroutedImages());
      consumer.ack();
    } else if (notification instanceof Notification.Routes routes) {
      logUnrouted(routes.unroutedImages());
      if (confirmed(id, routes, consumer)) {
        start(id, routes, consumer);
      }
    }
  }

  /** True if Cloud Build backs the claim; otherwise the message is settled (acked or nacked) here. */
  private boolean confirmed(String id, Notification.Routes routes, AckReplyConsumer consumer) {
    Optional<String> refusal;
    try {
      refusal = confirmer.refusal(routes);
    } catch (RuntimeException e) {
      log.warn("Pub/Sub message {} (build {}): could not confirm the build with Cloud Build; "
          + "it will be redelivered: {}", id, routes.buildId(), e.toString());
      consumer.nack();
      return false;
    }
    if (refusal.isPresent()) {
      log.warn("Pub/Sub message {}: build {} not released, the notification is not confirmed by Cloud Build: {}",
          id, routes.buildId(), refusal.get());
      consumer.ack();
      return false;
    }
    return true;
  }

  private void start(String id, Notification.Routes routes, AckReplyConsumer consumer) {
    for (RoutedRelease release : routes.releases()) {
      try {
        starter.start(release);
      } catch (RuntimeException e) {
        log.warn("Pub/Sub message {} (build {}): Temporal did not accept the release of {} to {}; "
                + "it will be redelivered: {}",
            id, routes.buildId(), release.image(), release.target().service(), e.toString());
        consumer.nack();
        return;
      }
      log.info("build {}: release of {} to {} handed to its service", routes.buildId(), release.image(),
          release.target().service());
    }
    for (RoutedFleet fleet : routes.fleets()) {
      try {
        starter.startFleet(fleet);
      } catch (RuntimeException e) {
        log.warn("Pub/Sub message {} (build {}): Temporal did not accept the fleet redeploy {} of {}; "
                + "it will be redelivered: {}",
            id, routes.buildId(), fleet.fleetId(), fleet.image(), e.toString());
        consumer.nack();
        return;
      }
      log.info("build {}: fleet redeploy {} of {} started", routes.buildId(), fleet.fleetId(), fleet.image());
    }
    consumer.ack();
  }

  private void logUnrouted(List<String> images) {
    for (String image : images) {
      if (unroutedLogged.add(image)) {
        log.info("no route for image {}; its builds are acknowledged and not released", image);
      }
    }
  }
}
