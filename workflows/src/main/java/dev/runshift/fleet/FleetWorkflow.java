package dev.runshift.fleet;

import dev.runshift.service.FleetReply;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A fleet redeploy: one image (one digest) to every selected Cloud Run service, in waves.
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li>A tag is resolved once, at the start: every service gets the same digest.
 *   <li>Every release goes through that service's entity ({@code ServiceWorkflow}) with newest-wins
 *       queueing: a release the service is already running is waited for, never interrupted.
 *   <li>Waves run in order; a wave starts only when every release of the previous one is settled (and
 *       its bake time and approval, if any, have passed). At most {@code maxInFlight} releases are
 *       unsettled at once, and starts per region are paced to the Cloud Run write quota.
 *   <li>Once the failure budget is spent no new release starts; the services not yet started are left
 *       untouched. Pause stops new starts until resume; abort stops them for good and can release the
 *       promoted services back to the image they served at selection.
 *   <li>A reply that never comes (its entity was terminated or reset) does not hold the fleet for ever:
 *       six hours after a request was sent, and as often again
 *       while it is pending, the fleet asks the entity what became of it and settles the service from
 *       that (see {@link OverdueReplies}).
 *   <li>History stays bounded: the workflow continues as new every {@code servicesPerRun} starts and
 *       between waves, carrying its state; replies address the workflow id, so they reach the new run.
 * </ul>
 */
@WorkflowInterface
public interface FleetWorkflow {

  @WorkflowMethod
  FleetStatus run(FleetInput input);

  /** Sent by service entities (see {@link FleetReply}). */
  @SignalMethod(name = FleetReply.SIGNAL)
  void releaseFinished(FleetReply reply);

  @SignalMethod
  void pause(String reason);

  @SignalMethod
  void resume(String reason);

  @SignalMethod
  void abort(FleetAbort abort);

  /** Passes the approval gate the fleet is waiting at; ignored when it waits at none. */
  @SignalMethod
  void approve(String reason);

  @QueryMethod
  FleetStatus status();
}
