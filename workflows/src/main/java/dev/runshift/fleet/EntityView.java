package dev.runshift.fleet;

import dev.runshift.release.Phase;
import dev.runshift.service.ServiceStatus;

/**
 * What Temporal shows about a service's entity when the fleet asks about an overdue reply.
 *
 * @param exists whether Temporal knows a workflow with the entity's id
 * @param open whether its latest run is still running
 * @param status the entity's {@code status()}, or null if it could not be asked
 * @param current the entity's running release as Temporal shows it (only asked when the entity is
 *     closed: its release was abandoned and keeps going without it); null otherwise
 */
public record EntityView(boolean exists, boolean open, ServiceStatus status, ReleaseView current) {

  public static EntityView missing() {
    return new EntityView(false, false, null, null);
  }

  /**
   * A release workflow as Temporal shows it.
   *
   * @param open still running
   * @param phase how it ended (PROMOTED, ROLLED_BACK, ABORTED); null while open or when it failed
   * @param reason its outcome's reason, or how it closed (terminated, timed out, …)
   */
  public record ReleaseView(String releaseId, boolean open, Phase phase, String reason) {}
}
