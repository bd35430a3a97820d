package dev.runshift.ports;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** HTTP checks against a candidate's tag URL before it gets user traffic (served on {@code verify}). */
@ActivityInterface(namePrefix = "Smoke.")
public interface SmokeTester {

  /** Fails with a non-retryable {@link FailureTypes#SMOKE_FAILED} when any check does not pass. */
  @ActivityMethod
  SmokeReport check(SmokeRequest request);
}
