package dev.runshift.service;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One long-lived entity per Cloud Run service (id {@link ServiceIds#entityId}): the only place releases
 * to that service start, so they run strictly one at a time.
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li>At most one release (a child {@code ReleaseWorkflow}) runs at a time; traffic changes of two
 *       releases never interleave.
 *   <li>While one runs, at most one request waits: the newest. Under {@link QueueMode#ABORT_CURRENT}
 *       the running release is told to abort so the newest runs sooner.
 *   <li>A request for the image the service already serves, already releases or already has queued, or
 *       with a dedupe key it already accepted, is recorded as ignored and changes nothing.
 *   <li>Controls are forwarded to the running release; with none running they are recorded as ignored.
 *   <li>The entity continues as new only between releases, carrying the queued request, dedupe keys
 *       and history, so nothing accepted is lost.
 * </ul>
 *
 * <p>Start it and send requests with {@link ServiceReleases#submit}.
 */
@WorkflowInterface
public interface ServiceWorkflow {

  /** Runs until terminated; never completes on its own. */
  @WorkflowMethod
  void run(ServiceInput input);

  /** Ask for a release. */
  @SignalMethod
  void deploy(ReleaseSubmission request);

  @SignalMethod
  void pause(String reason);

  @SignalMethod
  void resume(String reason);

  @SignalMethod
  void promote(String reason);

  @SignalMethod
  void abort(String reason);

  @SignalMethod
  void approve(String reason);

  @SignalMethod
  void retry(String reason);

  @SignalMethod
  void skip(String reason);

  @QueryMethod
  ServiceStatus status();
}
