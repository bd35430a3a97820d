package dev.runshift.service;

import dev.runshift.ports.ServiceRef;

/**
 * Workflow ids for services and their releases. Pure: the same service always maps to the same entity
 * id, so every trigger and every operator reaches the same entity.
 */
public final class ServiceIds {
  private ServiceIds() {}

  static final String PREFIX = "service:";

  /** {@code service:<project>:<region>:<service>}. */
  public static String entityId(ServiceRef service) {
    return PREFIX + service.project() + ":" + service.region() + ":" + service.service();
  }

  /** {@code <entityId>/<releaseId>}: the id of the release workflow the entity runs as a child. */
  public static String releaseWorkflowId(String entityId, String releaseId) {
    return entityId + "/" + releaseId;
  }

  /**
   * A release id: {@code r<sequence>-<8 hex chars>}. Short, lowercase and hyphenated so that names
   * derived from it (revision names) stay valid; the sequence makes it readable, the suffix makes it
   * unique even if an entity is started over.
   */
  public static String releaseId(long sequence, String uniqueHex) {
    String suffix = uniqueHex.replace("-", "");
    return "r" + sequence + "-" + suffix.substring(0, Math.min(8, suffix.length()));
  }
}
