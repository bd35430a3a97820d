package dev.runshift.fleet;

import dev.runshift.ports.ServiceRef;
import dev.runshift.service.ReleaseSubmission;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Hands one release request to a service's entity (served on {@link dev.runshift.ports.TaskQueues#WORKFLOWS}
 * by a worker holding a Temporal client). Idempotent in effect: a retried submit carries the same dedupe
 * key, which the entity ignores the second time.
 */
@ActivityInterface(namePrefix = "Fleet.")
public interface FleetSubmitter {

  /** Returns once Temporal durably accepted the request (signal-with-start of the entity). */
  @ActivityMethod
  void submit(ServiceRef service, ReleaseSubmission request);
}
