package dev.runshift.testing;

import dev.runshift.ports.FailureTypes;
import dev.runshift.ports.SmokeReport;
import dev.runshift.ports.SmokeRequest;
import dev.runshift.ports.SmokeTester;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;

/** Smoke checks that pass, or fail with a non-retryable SmokeFailed while told to; records every request. */
public class FakeSmokeTester implements SmokeTester {
  private final List<SmokeRequest> requests = new ArrayList<>();
  private String failWith;

  /** Every check fails with {@code lastFailure} until {@code null} is passed. */
  public synchronized void failWith(String lastFailure) {
    failWith = lastFailure;
  }

  public synchronized List<SmokeRequest> requests() {
    return List.copyOf(requests);
  }

  @Override
  public synchronized SmokeReport check(SmokeRequest request) {
    requests.add(request);
    if (failWith != null) {
      throw ApplicationFailure.newNonRetryableFailure(
          request.check().count() + " of " + request.check().count() + " smoke requests to "
              + request.baseUrl() + request.check().path() + " failed: " + failWith,
          FailureTypes.SMOKE_FAILED);
    }
    return new SmokeReport(request.check().count(), 0, null);
  }
}
