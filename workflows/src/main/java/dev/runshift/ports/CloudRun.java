package dev.runshift.ports;

import dev.runshift.traffic.TrafficMap;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Changes Cloud Run services, with Cloud Run rights only (served on the {@code deploy} task queue).
 * Every method is idempotent: calling it twice with the same request leaves the service as calling it
 * once would, and never creates a second revision.
 */
@ActivityInterface(namePrefix = "CloudRun.")
public interface CloudRun {

  /** Reads a service: its traffic, latest ready revision, serving image and labels. */
  @ActivityMethod
  ServiceSnapshot describe(ServiceRef service);

  /**
   * Lists every service in one project and region, each as {@link #describe} would read it (labels and
   * serving image included), in the order Cloud Run returns them. Read-only; used to select a fleet.
   */
  @ActivityMethod
  java.util.List<ServiceSnapshot> listServices(String project, String region);

  /**
   * Creates revision {@code request.revisionName()} running {@code request.image()} with 0% traffic and
   * tag {@code request.candidateTag()}, keeps every existing traffic entry, and waits until the revision
   * is ready. A revision that fails readiness is a non-retryable {@link FailureTypes#REVISION_NOT_READY}.
   * A retry that finds the revision already created reuses it.
   */
  @ActivityMethod
  Deployment deployNoTraffic(DeployRequest request);

  /**
   * Applies {@code request.next()} if the service's traffic is still {@code request.expected()} (or already
   * {@code next}). If someone changed the traffic out of band, nothing is written and the activity fails
   * with a non-retryable {@link FailureTypes#OUT_OF_BAND_TRAFFIC_CHANGE} naming what it found.
   */
  @ActivityMethod
  TrafficMap shiftTraffic(ShiftRequest request);

  /** Restores {@code request.target()} exactly, reads it back and returns the confirmed map. */
  @ActivityMethod
  TrafficMap rollback(RollbackRequest request);

  /** Sends 100% to the candidate, removes the candidate tag, keeps other tags; returns the map applied. */
  @ActivityMethod
  TrafficMap promote(PromoteRequest request);
}
