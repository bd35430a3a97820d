package dev.runshift.fleet;

import dev.runshift.ports.ServiceRef;
import dev.runshift.service.FleetReply;
import dev.runshift.service.ReleaseSubmission;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Hands release requests to service entities and asks an entity about a request whose reply is overdue
 * (served on {@link dev.runshift.ports.TaskQueues#WORKFLOWS} by a worker holding a Temporal client).
 * Idempotent in effect: a retried submit carries the same dedupe key, which the entity ignores the
 * second time.
 */
@ActivityInterface(namePrefix = "Fleet.")
public interface FleetSubmitter {

  /** Returns once Temporal durably accepted the request (signal-with-start of the entity). */
  @ActivityMethod
  void submit(ServiceRef service, ReleaseSubmission request);

  /**
   * What became of request {@code requestKey} (for {@code image}, sent at workflow time {@code sentAt}),
   * as the service's entity and Temporal show it now, decided by {@link OverdueReplies#settle}: the reply
   * the request would have had, or null while it is still pending. Reads only.
   */
  @ActivityMethod
  FleetReply lookUp(ServiceRef service, String requestKey, String image, long sentAt);
}
