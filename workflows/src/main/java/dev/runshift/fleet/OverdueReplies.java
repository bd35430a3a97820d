package dev.runshift.fleet;

import dev.runshift.ports.ServiceRef;
import dev.runshift.service.FleetReply;
import dev.runshift.service.ReleaseRecord;
import dev.runshift.service.ServiceIds;
import dev.runshift.service.ServiceStatus;
import java.util.Optional;

/**
 * Settles a fleet request whose reply has not come (its entity was terminated or reset, say) from what
 * Temporal shows about the service's entity. Pure: the same view always gives the same answer.
 *
 * <p>The rules, in order:
 *
 * <ol>
 *   <li>No entity at all: the request is lost, the service FAILED.
 *   <li>The entity recorded a release of the requested image that ended after the request was sent: that
 *       release's end, as the entity would have replied.
 *   <li>The entity still runs or queues the requested image: still pending, ask again later.
 *   <li>The entity is closed while that release ran: the release was abandoned and goes on alone; its
 *       own end if it ended, else still pending.
 *   <li>The service serves the requested image: UNCHANGED.
 *   <li>Otherwise the entity has no record of the request: FAILED.
 * </ol>
 */
public final class OverdueReplies {
  private OverdueReplies() {}

  /**
   * The reply the request would have had, or empty while it is still pending.
   *
   * @param image the image the request asked for
   * @param sentAt workflow time (epoch millis) when the fleet sent the request
   */
  public static Optional<FleetReply> settle(
      ServiceRef service, String requestKey, String image, long sentAt, EntityView entity) {
    String entityId = ServiceIds.entityId(service);
    if (!entity.exists()) {
      return lost(service, requestKey, "service entity " + entityId + " does not exist");
    }
    ServiceStatus status = entity.status();
    if (status == null) {
      return entity.open()
          ? Optional.empty()
          : lost(service, requestKey, "service entity " + entityId + " is closed and could not be asked");
    }
    Optional<ReleaseRecord> ended = status.history().stream()
        .filter(r -> image.equals(r.image()) && r.endedAt() >= sentAt)
        .findFirst();
    if (ended.isPresent()) {
      ReleaseRecord r = ended.get();
      return Optional.of(new FleetReply(
          service, requestKey, r.releaseId(), r.phase(), r.reason(), FleetReply.Outcome.FINISHED));
    }
    boolean running = status.current() != null && image.equals(status.current().image());
    boolean queued = status.queued() != null && image.equals(status.queued().image());
    if (entity.open() && (running || queued)) {
      return Optional.empty();
    }
    if (running && entity.current() != null) {
      EntityView.ReleaseView release = entity.current();
      if (release.open()) {
        return Optional.empty();
      }
      return Optional.of(new FleetReply(
          service, requestKey, release.releaseId(), release.phase(),
          release.reason() + " (its entity " + entityId + " closed before it ended)", FleetReply.Outcome.FINISHED));
    }
    if (image.equals(status.servingImage())) {
      return Optional.of(new FleetReply(
          service, requestKey, null, null, "no reply came; the service serves the image",
          FleetReply.Outcome.UNCHANGED));
    }
    return lost(service, requestKey, "service entity " + entityId + (entity.open() ? "" : " is closed and")
        + " has no record of the request (terminated or reset?)");
  }

  private static Optional<FleetReply> lost(ServiceRef service, String requestKey, String why) {
    return Optional.of(new FleetReply(
        service, requestKey, null, null, "no reply came: " + why, FleetReply.Outcome.FINISHED));
  }
}
