package dev.runshift.activities.google;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.gax.grpc.GrpcStatusCode;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.ApiExceptionFactory;
import com.google.api.gax.rpc.ErrorDetails;
import com.google.protobuf.Any;
import com.google.rpc.RetryInfo;
import dev.runshift.ports.FailureTypes;
import io.grpc.Status;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class GoogleErrorsTest {
  private static final GoogleCall UPDATE = new GoogleCall(
      "Cloud Run", "run.services.update", "roles/run.developer",
      "projects/p/locations/r/services/s", "deploy worker");

  private static ApiException api(Status.Code code, String message) {
    return ApiExceptionFactory.createException(
        Status.fromCode(code).withDescription(message).asRuntimeException(), GrpcStatusCode.of(code), false);
  }

  @ParameterizedTest
  @EnumSource(value = Status.Code.class, names = {"UNAVAILABLE", "DEADLINE_EXCEEDED", "INTERNAL", "ABORTED"})
  void transientCodesAreRetryable(Status.Code code) {
    ApplicationFailure f = GoogleErrors.toFailure(api(code, "try later"), UPDATE);
    assertFalse(f.isNonRetryable(), code + " must be retried");
    assertNull(f.getNextRetryDelay(), code + " uses the retry policy's backoff");
    assertTrue(f.getOriginalMessage().contains("try later"), f.getOriginalMessage());
  }

  @Test
  void quotaErrorsBackOffLongerThanThePolicy() {
    ApplicationFailure f = GoogleErrors.toFailure(api(Status.Code.RESOURCE_EXHAUSTED, "quota"), UPDATE);
    assertFalse(f.isNonRetryable());
    assertEquals(GoogleErrors.QUOTA_BACKOFF, f.getNextRetryDelay());
    assertEquals("ResourceExhausted", f.getType());
  }

  @Test
  void quotaErrorsHonourTheServersRetryInfo() {
    RetryInfo info = RetryInfo.newBuilder()
        .setRetryDelay(com.google.protobuf.Duration.newBuilder().setSeconds(17)).build();
    ApiException e = new ApiException(
        Status.RESOURCE_EXHAUSTED.withDescription("quota").asRuntimeException(),
        GrpcStatusCode.of(Status.Code.RESOURCE_EXHAUSTED), false,
        ErrorDetails.builder().setRawErrorMessages(List.of(Any.pack(info))).build());
    assertEquals(Duration.ofSeconds(17), GoogleErrors.toFailure(e, UPDATE).getNextRetryDelay());
  }

  @Test
  void permissionDeniedSaysWhichRoleOnWhichResourceForWhichWorker() {
    ApplicationFailure f = GoogleErrors.toFailure(
        new ExecutionException(api(Status.Code.PERMISSION_DENIED, "Permission 'run.services.update' denied")),
        UPDATE);
    assertTrue(f.isNonRetryable());
    assertEquals(FailureTypes.PERMISSION_DENIED, f.getType());
    assertTrue(f.getOriginalMessage().contains(
        "Grant roles/run.developer (run.services.update) on projects/p/locations/r/services/s to the deploy "
            + "worker's service account"), f.getOriginalMessage());
    assertTrue(f.getOriginalMessage().contains("Permission 'run.services.update' denied"));
  }

  @Test
  void callerErrorsAreNonRetryableWithTheirOwnTypes() {
    assertEquals(FailureTypes.UNAUTHENTICATED,
        GoogleErrors.toFailure(api(Status.Code.UNAUTHENTICATED, "x"), UPDATE).getType());
    assertEquals(FailureTypes.INVALID_ARGUMENT,
        GoogleErrors.toFailure(api(Status.Code.INVALID_ARGUMENT, "x"), UPDATE).getType());
    assertEquals(FailureTypes.NOT_FOUND,
        GoogleErrors.toFailure(api(Status.Code.NOT_FOUND, "x"), UPDATE).getType());
    assertEquals(FailureTypes.FAILED_PRECONDITION,
        GoogleErrors.toFailure(api(Status.Code.FAILED_PRECONDITION, "x"), UPDATE).getType());
    for (Status.Code c : List.of(Status.Code.UNAUTHENTICATED, Status.Code.INVALID_ARGUMENT,
        Status.Code.NOT_FOUND, Status.Code.FAILED_PRECONDITION, Status.Code.UNIMPLEMENTED)) {
      assertTrue(GoogleErrors.toFailure(api(c, "x"), UPDATE).isNonRetryable(), c.toString());
    }
  }

  @Test
  void rawGrpcExceptionsAreClassifiedToo() {
    ApplicationFailure f = GoogleErrors.toFailure(
        Status.UNAVAILABLE.withDescription("connection reset").asRuntimeException(), UPDATE);
    assertFalse(f.isNonRetryable());
    assertEquals("Unavailable", f.getType());
  }

  @Test
  void applicationFailuresPassThrough() {
    ApplicationFailure original = ApplicationFailure.newNonRetryableFailure("m", "T");
    assertSame(original, GoogleErrors.toFailure(original, UPDATE));
  }
}
