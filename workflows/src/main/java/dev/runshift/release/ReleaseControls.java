package dev.runshift.release;

import dev.runshift.release.Command.Action;

/**
 * The operator's commands as the workflow sees them: which are pending, and which make sense now.
 *
 * <p>Pause, promote and abort are standing requests; approve, retry and skip are consumed by the wait
 * they answer. Every command is checked by {@link #rejection} first, for the update validator and for
 * signals alike (an invalid signal is recorded and ignored).
 */
final class ReleaseControls {

  /** What the validator needs to know about the release right now. */
  record Situation(
      Phase phase, StepFailure failure, boolean failureSkippable, boolean candidateDeployed) {

    boolean rollbackFailed() {
      return failure != null && StepFailures.ROLLBACK.equals(failure.step());
    }
  }

  private boolean paused;
  private boolean promoteRequested;
  private boolean abortRequested;
  private String abortReason;
  private String promoteReason;
  private boolean approvePending;
  private boolean retryPending;
  private boolean skipPending;

  /** Why {@code command} makes no sense in {@code now}, or null when it is accepted. */
  String rejection(Command command, Situation now) {
    if (command == null || command.action() == null) {
      return "a command needs an action: one of pause, resume, promote, abort, approve, retry, skip";
    }
    String reasonProblem = Command.reasonProblem(command.reason());
    if (reasonProblem != null) {
      return reasonProblem;
    }
    Action action = command.action();
    if (now.phase().isFinal()) {
      return "the release already ended " + now.phase() + "; " + name(action) + " has nothing to act on";
    }
    return switch (action) {
      case PAUSE -> paused ? "the release is already paused" : null;
      case RESUME -> paused ? null : "the release is not paused";
      case PROMOTE -> {
        if (!now.candidateDeployed()) {
          yield "nothing to promote yet: the candidate revision is not deployed";
        } else if (now.rollbackFailed()) {
          yield "a rollback failed and is waiting for retry; promote after it completed";
        } else if (promoteRequested) {
          yield "promotion is already requested";
        } else if (abortRequested) {
          yield "the release is being aborted";
        }
        yield null;
      }
      case ABORT -> abortRequested && !now.rollbackFailed() ? "the release is already being aborted" : null;
      case APPROVE ->
          now.phase() == Phase.AWAITING_APPROVAL
              ? null
              : "nothing awaits approval: the release is " + now.phase();
      case RETRY ->
          now.failure() == null
              ? "nothing failed: retry applies to a failed step while the release is AWAITING_OPERATOR"
              : null;
      case SKIP -> {
        if (now.failure() == null) {
          yield "nothing failed: skip applies to a failed step while the release is AWAITING_OPERATOR";
        } else if (!now.failureSkippable()) {
          yield "step " + now.failure().step() + " cannot be skipped (only test, smoke and verify can);"
              + " retry or abort";
        }
        yield null;
      }
    };
  }

  /** Records an accepted command and says what the release will do. */
  String accept(Command command, Situation now) {
    return switch (command.action()) {
      case PAUSE -> {
        paused = true;
        yield "pausing: traffic stays where it is, analysis continues, no step is taken";
      }
      case RESUME -> {
        paused = false;
        yield "resuming";
      }
      case PROMOTE -> {
        promoteRequested = true;
        promoteReason = command.reason();
        yield "promoting: remaining steps are skipped";
      }
      case ABORT -> {
        abortRequested = true;
        abortReason = command.reason();
        if (now.rollbackFailed()) {
          retryPending = true;
          yield "aborting: retrying the failed rollback first";
        }
        yield now.candidateDeployed()
            ? "aborting: traffic is restored to what served before the release"
            : "aborting";
      }
      case APPROVE -> {
        approvePending = true;
        yield "approved: traffic moves to the gated step";
      }
      case RETRY -> {
        retryPending = true;
        yield "retrying step " + now.failure().step();
      }
      case SKIP -> {
        skipPending = true;
        yield "skipping step " + now.failure().step();
      }
    };
  }

  boolean paused() {
    return paused;
  }

  boolean promoteRequested() {
    return promoteRequested;
  }

  String promoteReason() {
    return promoteReason;
  }

  boolean abortRequested() {
    return abortRequested;
  }

  String abortReason() {
    return abortReason;
  }

  boolean approvePending() {
    return approvePending;
  }

  boolean retryPending() {
    return retryPending;
  }

  boolean skipPending() {
    return skipPending;
  }

  void consumeApproval() {
    approvePending = false;
  }

  void consumeRetry() {
    retryPending = false;
  }

  void consumeSkip() {
    skipPending = false;
  }

  private static String name(Action action) {
    return action.name().toLowerCase(java.util.Locale.ROOT);
  }
}
