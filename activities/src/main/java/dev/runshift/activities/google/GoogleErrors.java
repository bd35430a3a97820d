package dev.runshift.activities.google;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.ErrorDetails;
import com.google.api.gax.rpc.StatusCode;
import com.google.rpc.RetryInfo;
import dev.runshift.ports.FailureTypes;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The one place where Google API errors become Temporal failures.
 *
 * <ul>
 *   <li>UNAVAILABLE, DEADLINE_EXCEEDED, INTERNAL, ABORTED, UNKNOWN, CANCELLED: retryable; Temporal's
 *       retry policy retries the activity with backoff (for the release policy's {@code transientRetryFor};
 *       metrics reads a few times, then the step waits for its next look).
 *   <li>RESOURCE_EXHAUSTED: retryable, but the next attempt waits the server's RetryInfo delay or
 *       {@link #QUOTA_BACKOFF}, whichever is given, instead of the policy's short backoff.
 *   <li>PERMISSION_DENIED, UNAUTHENTICATED, INVALID_ARGUMENT, NOT_FOUND, FAILED_PRECONDITION: non-retryable,
 *       typed with {@link FailureTypes}, with a message that says what to fix (which role on which
 *       resource for which worker).
 *   <li>Anything else Google can answer (ALREADY_EXISTS, OUT_OF_RANGE, UNIMPLEMENTED, DATA_LOSS):
 *       non-retryable, typed with the status code's name.
 * </ul>
 */
public final class GoogleErrors {
  private GoogleErrors() {}

  /** How long a quota error waits before the next attempt when the server gives no RetryInfo. */
  public static final Duration QUOTA_BACKOFF = Duration.ofSeconds(60);

  /** The gRPC status code of {@code t} or of one of its causes, if any. */
  public static Optional<StatusCode.Code> code(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ApiException api) {
        return Optional.of(api.getStatusCode().getCode());
      }
      if (c instanceof StatusRuntimeException sre) {
        return Optional.of(StatusCode.Code.valueOf(sre.getStatus().getCode().name()));
      }
      if (c instanceof StatusException se) {
        return Optional.of(StatusCode.Code.valueOf(se.getStatus().getCode().name()));
      }
    }
    return Optional.empty();
  }

  /** True when {@code t} carries status {@code code}. */
  public static boolean is(Throwable t, StatusCode.Code code) {
    return code(t).filter(code::equals).isPresent();
  }

  /**
   * {@code t} as the failure the activity should raise. An {@link ApplicationFailure} passes through
   * unchanged; a throwable that carries no Google status is wrapped as a retryable failure.
   */
  public static ApplicationFailure toFailure(Throwable t, GoogleCall call) {
    Throwable e = unwrap(t);
    if (e instanceof ApplicationFailure af) {
      return af;
    }
    Optional<StatusCode.Code> maybeCode = code(e);
    if (maybeCode.isEmpty()) {
      return ApplicationFailure.newFailureWithCause(
          call.api() + " call on " + call.resource() + " failed: " + e, e.getClass().getSimpleName(), e);
    }
    StatusCode.Code code = maybeCode.get();
    String server = serverMessage(e);
    switch (code) {
      case PERMISSION_DENIED:
        return ApplicationFailure.newNonRetryableFailureWithCause(
            call.api() + " denied " + call.permission() + " on " + call.resource() + " (" + server + "). "
                + "Grant " + call.role() + " (" + call.permission() + ") on " + call.resource()
                + " to the " + call.worker() + "'s service account" + call.hint()
                + ", then retry the release.",
            FailureTypes.PERMISSION_DENIED, e);
      case UNAUTHENTICATED:
        return ApplicationFailure.newNonRetryableFailureWithCause(
            call.api() + " did not accept the " + call.worker() + "'s credentials (" + server + "). "
                + "Give the " + call.worker() + " Application Default Credentials (an attached service "
                + "account, or GOOGLE_APPLICATION_CREDENTIALS) that hold " + call.role() + ", then retry.",
            FailureTypes.UNAUTHENTICATED, e);
      case INVALID_ARGUMENT:
        return ApplicationFailure.newNonRetryableFailureWithCause(
            call.api() + " rejected the request on " + call.resource() + " as invalid (" + server + "). "
                + "Fix the release's input (image, build spec, traffic, policy); retrying it unchanged "
                + "cannot succeed.",
            FailureTypes.INVALID_ARGUMENT, e);
      case NOT_FOUND:
        return ApplicationFailure.newNonRetryableFailureWithCause(
            call.api() + " found no " + call.resource() + " (" + server + "). Check the project, region "
                + "and name, and that the " + call.worker() + "'s service account may see it ("
                + call.permission() + ").",
            FailureTypes.NOT_FOUND, e);
      case FAILED_PRECONDITION:
        return ApplicationFailure.newNonRetryableFailureWithCause(
            call.api() + " cannot do this on " + call.resource() + " in its current state ("
                + server + "). Fix that state, then retry the release.",
            FailureTypes.FAILED_PRECONDITION, e);
      case RESOURCE_EXHAUSTED: {
        Duration delay = retryDelay(e).orElse(QUOTA_BACKOFF);
        return ApplicationFailure.newFailureWithCauseAndDelay(
            call.api() + " quota exhausted on " + call.resource() + " (" + server + "); the next attempt "
                + "waits " + delay.toSeconds() + " s. If this repeats, raise the quota or slow the fleet.",
            typeName(code), e, delay);
      }
      case UNAVAILABLE:
      case DEADLINE_EXCEEDED:
      case INTERNAL:
      case ABORTED:
      case UNKNOWN:
      case CANCELLED:
        return ApplicationFailure.newFailureWithCause(
            call.api() + " call on " + call.resource() + " failed with " + code + " (" + server
                + "); transient: retried automatically with backoff while the step's retry time lasts.",
            typeName(code), e);
      default:
        return ApplicationFailure.newNonRetryableFailureWithCause(
            call.api() + " call on " + call.resource() + " failed with " + code + " (" + server + ").",
            typeName(code), e);
    }
  }

  /** {@code UNAVAILABLE} as {@code Unavailable}, the style of {@link FailureTypes}. */
  static String typeName(StatusCode.Code code) {
    StringBuilder b = new StringBuilder();
    for (String part : code.name().split("_")) {
      b.append(part.charAt(0)).append(part.substring(1).toLowerCase());
    }
    return b.toString();
  }

  private static Throwable unwrap(Throwable t) {
    Throwable e = t;
    while ((e instanceof ExecutionException || e instanceof CompletionException) && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  /** The server's own words: the status description when there is one. */
  static String serverMessage(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof StatusRuntimeException sre && sre.getStatus().getDescription() != null) {
        return sre.getStatus().getCode() + ": " + sre.getStatus().getDescription();
      }
    }
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }

  private static Optional<Duration> retryDelay(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof ApiException api) {
        ErrorDetails details = api.getErrorDetails();
        RetryInfo info = details == null ? null : details.getRetryInfo();
        if (info != null && info.hasRetryDelay()) {
          com.google.protobuf.Duration d = info.getRetryDelay();
          Duration delay = Duration.ofSeconds(d.getSeconds(), d.getNanos());
          if (!delay.isZero() && !delay.isNegative()) {
            return Optional.of(delay);
          }
        }
      }
    }
    return Optional.empty();
  }
}
