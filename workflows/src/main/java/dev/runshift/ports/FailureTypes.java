package dev.runshift.ports;

/**
 * The {@code ApplicationFailure} types activities raise. Non-retryable types are listed per activity in
 * the workflow's retry options; the operator sees the type and a message that says what to fix.
 */
public final class FailureTypes {
  private FailureTypes() {}

  // Google API status codes that no retry can fix.
  public static final String PERMISSION_DENIED = "PermissionDenied";
  public static final String UNAUTHENTICATED = "Unauthenticated";
  public static final String INVALID_ARGUMENT = "InvalidArgument";
  public static final String NOT_FOUND = "NotFound";
  public static final String FAILED_PRECONDITION = "FailedPrecondition";

  // Outcomes of a step that no retry can fix.
  public static final String BUILD_FAILED = "BuildFailed";
  public static final String ARTIFACT_TESTS_FAILED = "ArtifactTestsFailed";
  public static final String REVISION_NOT_READY = "RevisionNotReady";
  public static final String OUT_OF_BAND_TRAFFIC_CHANGE = "OutOfBandTrafficChange";
  public static final String SMOKE_FAILED = "SmokeFailed";
  public static final String ROLLBACK_NOT_CONFIRMED = "RollbackNotConfirmed";

  /** Retried: a smoke check's ID token could not be had just now (its credentials' server did not answer). */
  public static final String ID_TOKEN_UNAVAILABLE = "IdTokenUnavailable";

  /** Every type above: none of them is worth retrying automatically. */
  public static final String[] NON_RETRYABLE = {
    PERMISSION_DENIED, UNAUTHENTICATED, INVALID_ARGUMENT, NOT_FOUND, FAILED_PRECONDITION,
    BUILD_FAILED, ARTIFACT_TESTS_FAILED, REVISION_NOT_READY, OUT_OF_BAND_TRAFFIC_CHANGE, SMOKE_FAILED
  };
}
