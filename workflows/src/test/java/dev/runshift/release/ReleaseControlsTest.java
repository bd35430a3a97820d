package dev.runshift.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runshift.release.Command.Action;
import dev.runshift.release.ReleaseControls.Situation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ReleaseControlsTest {
  private static final Situation VERIFYING = new Situation(Phase.VERIFYING, null, false, true);
  private static final Situation BUILDING = new Situation(Phase.BUILDING, null, false, false);
  private static final StepFailure DEPLOY_DENIED = new StepFailure("deploy", "PermissionDenied", "denied");
  private static final StepFailure SMOKE_FAILED = new StepFailure("smoke", "SmokeFailed", "503");
  private static final StepFailure ROLLBACK_FAILED = new StepFailure("rollback", "PermissionDenied", "denied");

  private final ReleaseControls controls = new ReleaseControls();

  private static Command command(Action action) {
    return new Command(action, "why", "alice");
  }

  private String rejection(Action action, Situation now) {
    return controls.rejection(command(action), now);
  }

  @ParameterizedTest
  @EnumSource(Action.class)
  void everythingIsRejectedAfterAFinalPhase(Action action) {
    for (Phase phase : new Phase[] {Phase.PROMOTED, Phase.ROLLED_BACK, Phase.ABORTED}) {
      String rejection = rejection(action, new Situation(phase, null, false, true));
      assertNotNull(rejection, action + " in " + phase);
      assertTrue(rejection.startsWith("the release already ended " + phase), rejection);
    }
  }

  @Test
  void anOverLongReasonIsRejectedBeforeAnythingElse() {
    String reason = "x".repeat(Command.MAX_REASON_LENGTH + 1);
    String rejection = controls.rejection(new Command(Action.PAUSE, reason, "cli:me"), VERIFYING);
    assertEquals("the reason is 1001 characters; at most 1000 are recorded", rejection);
    assertNull(controls.rejection(new Command(Action.PAUSE, "x".repeat(Command.MAX_REASON_LENGTH), "cli:me"),
        VERIFYING));
  }

  @Test
  void aCommandWithoutActionIsRejected() {
    assertNotNull(controls.rejection(new Command(null, null, null), VERIFYING));
    assertNotNull(controls.rejection(null, VERIFYING));
  }

  @Test
  void retryAndSkipNeedAFailure() {
    assertTrue(rejection(Action.RETRY, VERIFYING).startsWith("nothing failed"));
    assertTrue(rejection(Action.SKIP, VERIFYING).startsWith("nothing failed"));
  }

  @Test
  void deployAndRollbackCannotBeSkippedButSmokeCan() {
    Situation deployFailed = new Situation(Phase.AWAITING_OPERATOR, DEPLOY_DENIED, false, false);
    assertNull(rejection(Action.RETRY, deployFailed));
    assertTrue(rejection(Action.SKIP, deployFailed).startsWith("step deploy cannot be skipped"));
    Situation rollbackFailed = new Situation(Phase.AWAITING_OPERATOR, ROLLBACK_FAILED, false, true);
    assertTrue(rejection(Action.SKIP, rollbackFailed).startsWith("step rollback cannot be skipped"));
    Situation smokeFailed = new Situation(Phase.AWAITING_OPERATOR, SMOKE_FAILED, true, true);
    assertNull(rejection(Action.SKIP, smokeFailed));
    assertEquals("skipping step smoke", controls.accept(command(Action.SKIP), smokeFailed));
    assertTrue(controls.skipPending());
  }

  @Test
  void approveOnlyWhileAwaitingApproval() {
    assertTrue(rejection(Action.APPROVE, VERIFYING).startsWith("nothing awaits approval"));
    assertNull(rejection(Action.APPROVE, new Situation(Phase.AWAITING_APPROVAL, null, false, true)));
  }

  @Test
  void pauseAndResumeAlternate() {
    assertTrue(rejection(Action.RESUME, VERIFYING).startsWith("the release is not paused"));
    assertNull(rejection(Action.PAUSE, VERIFYING));
    controls.accept(command(Action.PAUSE), VERIFYING);
    assertTrue(controls.paused());
    assertTrue(rejection(Action.PAUSE, VERIFYING).startsWith("the release is already paused"));
    assertNull(rejection(Action.RESUME, VERIFYING));
    controls.accept(command(Action.RESUME), VERIFYING);
    assertFalse(controls.paused());
  }

  @Test
  void promoteNeedsADeployedCandidateAndIsAcceptedOnce() {
    assertTrue(rejection(Action.PROMOTE, BUILDING).startsWith("nothing to promote yet"));
    assertNull(rejection(Action.PROMOTE, VERIFYING));
    controls.accept(command(Action.PROMOTE), VERIFYING);
    assertTrue(controls.promoteRequested());
    assertEquals("promotion is already requested", rejection(Action.PROMOTE, VERIFYING));
  }

  @Test
  void promoteIsRejectedWhileARollbackIsPending() {
    Situation rollbackFailed = new Situation(Phase.AWAITING_OPERATOR, ROLLBACK_FAILED, false, true);
    assertTrue(rejection(Action.PROMOTE, rollbackFailed).startsWith("a rollback failed"));
  }

  @Test
  void abortIsAcceptedOnceExceptAsARetryOfAFailedRollback() {
    assertNull(rejection(Action.ABORT, BUILDING));
    assertEquals("aborting", controls.accept(command(Action.ABORT), BUILDING));
    assertTrue(controls.abortRequested());
    assertEquals("why", controls.abortReason());
    assertEquals("the release is already being aborted", rejection(Action.ABORT, VERIFYING));
    Situation rollbackFailed = new Situation(Phase.AWAITING_OPERATOR, ROLLBACK_FAILED, false, true);
    assertNull(rejection(Action.ABORT, rollbackFailed));
    controls.accept(command(Action.ABORT), rollbackFailed);
    assertTrue(controls.retryPending());
  }

  @Test
  void promoteIsRejectedWhileAborting() {
    controls.accept(command(Action.ABORT), VERIFYING);
    assertEquals("the release is being aborted", rejection(Action.PROMOTE, VERIFYING));
  }
}
