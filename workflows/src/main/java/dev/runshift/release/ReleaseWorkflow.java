package dev.runshift.release;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One release of one image to one Cloud Run service: build (from source only), test the artifact,
 * deploy with no traffic, smoke, shift step by step with analysis, then promote or roll back to exactly
 * the traffic that served before.
 *
 * <p>The workflow never fails because a step failed: it makes traffic safe, records the failure, and
 * waits in AWAITING_OPERATOR for {@code retry}, {@code skip} or {@code abort}. Every control is a
 * signal (one-way, sendable from the Temporal UI with a JSON payload) and also available through the
 * {@link #control} update, whose validator rejects a command that makes no sense now.
 *
 * <p>Everything that happens to it is a {@link dev.runshift.events.ReleaseEvent} ({@link #status} carries
 * them); a worker with event sinks also sends them to the notifier, never waiting on it for long and
 * never failing because of it.
 */
@WorkflowInterface
public interface ReleaseWorkflow {

  @WorkflowMethod
  ReleaseOutcome run(ReleaseRequest request);

  /** Hold traffic where it is; analysis keeps running but no step is taken. */
  @SignalMethod
  void pause(String reason);

  @SignalMethod
  void resume(String reason);

  /** Skip the remaining steps and promote now. */
  @SignalMethod
  void promote(String reason);

  /** Roll back now and end ABORTED. */
  @SignalMethod
  void abort(String reason);

  /** Let a gated step proceed. */
  @SignalMethod
  void approve(String reason);

  /** Run the failed step again with the same inputs (never rebuilds an image already built). */
  @SignalMethod
  void retry(String reason);

  /** Go past the failed step where that is safe (never past deploy). */
  @SignalMethod
  void skip(String reason);

  /** The same commands, synchronously: returns what the release will do, or is rejected. */
  @UpdateMethod
  String control(Command command);

  @UpdateValidatorMethod(updateName = "control")
  void validateControl(Command command);

  @QueryMethod
  ReleaseStatus status();
}
