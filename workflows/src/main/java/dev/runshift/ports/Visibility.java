package dev.runshift.ports;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * What the worker knows about its Temporal namespace's visibility, asked by the service entity as a
 * local activity on {@code workflows} so the answer is recorded in the entity's history (a worker
 * restarted with another setting cannot change what a replay sees).
 */
@ActivityInterface(namePrefix = "Visibility.")
public interface Visibility {

  /**
   * True only if every one of Runshift's release search attributes is registered on the namespace;
   * releases are then started with them. False is always safe: releases start without them.
   */
  @ActivityMethod
  boolean searchAttributesRegistered();
}
