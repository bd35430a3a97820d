package dev.runshift.activities.run;

import static dev.runshift.activities.SimulatorFixture.SERVICE;
import static dev.runshift.activities.SimulatorFixture.applicationFailure;
import static dev.runshift.activities.SimulatorFixture.image;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.run.v2.Revision;
import com.google.cloud.run.v2.Service;
import dev.runshift.activities.SimulatorFixture;
import dev.runshift.activities.google.GoogleErrors;
import dev.runshift.ports.CloudRun;
import dev.runshift.ports.DeployRequest;
import dev.runshift.ports.Deployment;
import dev.runshift.ports.FailureTypes;
import dev.runshift.ports.PromoteRequest;
import dev.runshift.ports.RollbackRequest;
import dev.runshift.ports.ServiceSnapshot;
import dev.runshift.ports.ShiftRequest;
import dev.runshift.release.RevisionNames;
import dev.runshift.simulator.core.ApiCall;
import dev.runshift.simulator.core.ImageBehaviour;
import dev.runshift.traffic.TrafficMap;
import dev.runshift.traffic.TrafficTarget;
import io.grpc.Status;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link CloudRunActivities} against the simulator through the official Cloud Run v2 clients, inside
 * Temporal's activity test environment. A "retry" is the same activity invoked again with the same
 * input, as Temporal's retry would.
 */
class CloudRunActivitiesTest {
  private static final String RELEASE = "rel-2026-11-23-a";
  private static final String CANDIDATE = RevisionNames.candidate(SERVICE.service(), RELEASE);
  private static final String TAG = "candidate";
  private static final String STABLE_IMAGE = image("stable");
  private static final String NEW_IMAGE = image("new");

  private SimulatorFixture f;
  private TestActivityEnvironment env;
  private CloudRun run;
  private String stable;

  @BeforeEach
  void start() {
    f = SimulatorFixture.fast();
    Service svc = f.sim.cloudRun().createService(SERVICE.project(), SERVICE.region(), SERVICE.service(), STABLE_IMAGE);
    stable = TrafficMapper.shortName(svc.getLatestReadyRevision());
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new CloudRunActivities(f.clients));
    run = env.newActivityStub(CloudRun.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1))
        .setHeartbeatTimeout(Duration.ofSeconds(10))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());
  }

  @AfterEach
  void stop() {
    env.close();
    f.close();
  }

  private DeployRequest deployRequest(String image) {
    return new DeployRequest(SERVICE, RELEASE, image, CANDIDATE, TAG);
  }

  private TrafficMap serviceTraffic() {
    return TrafficMapper.fromProto(f.sim.cloudRun().service(SERVICE.resourceName()).orElseThrow().getTrafficList());
  }

  private TrafficMap split(int candidatePercent) {
    return TrafficMap.of(
        TrafficTarget.revision(stable, 100 - candidatePercent), TrafficTarget.tagged(CANDIDATE, candidatePercent, TAG));
  }

  @Test
  void describeReadsTrafficLatestReadyRevisionAndServingImage() {
    ServiceSnapshot s = run.describe(SERVICE);
    assertEquals(TrafficMap.of(TrafficTarget.latest(100)), s.traffic());
    assertEquals(stable, s.latestReadyRevision());
    assertEquals(STABLE_IMAGE, s.servingImage());
    assertFalse(s.etag().isEmpty());
  }

  @Test
  void deployCreatesTheCandidateWithNoTrafficAndPinsWhatServedBefore() {
    Deployment d = run.deployNoTraffic(deployRequest(NEW_IMAGE));

    assertEquals(CANDIDATE, d.candidateRevision());
    // LATEST is resolved to the revision it meant before the deploy: after it, LATEST is the candidate.
    assertEquals(TrafficMap.of(TrafficTarget.revision(stable, 100)), d.previousTraffic());
    assertEquals(List.of(stable), d.stableRevisions());
    assertNotNull(d.candidateUrl());
    assertTrue(d.candidateUrl().startsWith("https://" + TAG + "---"), d.candidateUrl());

    assertEquals(split(0), serviceTraffic());
    List<Revision> revisions = f.sim.cloudRun().revisions(SERVICE.resourceName());
    assertEquals(2, revisions.size());
    assertEquals(NEW_IMAGE, revisions.get(0).getContainers(0).getImage());
    assertEquals(CANDIDATE, TrafficMapper.shortName(revisions.get(0).getName()));
    assertEquals(RevisionReadiness.READY, RevisionReadiness.of(revisions.get(0)));
  }

  @Test
  void deployTwiceCreatesOneRevisionAndReturnsTheSameDeployment() {
    Deployment first = run.deployNoTraffic(deployRequest(NEW_IMAGE));
    Deployment second = run.deployNoTraffic(deployRequest(NEW_IMAGE));

    assertEquals(first, second);
    assertEquals(2, f.sim.cloudRun().revisions(SERVICE.resourceName()).size());
    assertEquals(1, f.calls("UpdateService").size(), "the retry must not write again");
    assertEquals(split(0), serviceTraffic());
  }

  @Test
  void deployRetriedWhileTheRevisionIsStillStartingWaitsForItInsteadOfCreatingAnother() throws Exception {
    // Slow the first attempt's operation polling down so the "retry" starts while it is in flight.
    f.sim.context().faults().addLatency("google.longrunning.Operations/GetOperation", Duration.ofMillis(700));
    CompletableFuture<Deployment> first = CompletableFuture.supplyAsync(() -> run.deployNoTraffic(deployRequest(NEW_IMAGE)));
    awaitCall("UpdateService");
    Deployment second = run.deployNoTraffic(deployRequest(NEW_IMAGE));
    assertEquals(second, first.get(30, TimeUnit.SECONDS));
    assertEquals(1, f.calls("UpdateService").size());
    assertEquals(2, f.sim.cloudRun().revisions(SERVICE.resourceName()).size());
  }

  @Test
  void deployOfAnImageThatNeverBecomesReadyIsNonRetryableWithTheRevisionsReason() {
    String broken = image("broken");
    f.sim.images().set(broken, ImageBehaviour.healthy().failingReadiness(
        "The user-provided container failed to start and listen on the port defined by PORT=8080."));

    ApplicationFailure e = applicationFailure(assertThrows(ActivityFailure.class,
        () -> run.deployNoTraffic(deployRequest(broken))));

    assertEquals(FailureTypes.REVISION_NOT_READY, e.getType());
    assertTrue(e.isNonRetryable());
    assertTrue(e.getOriginalMessage().contains("failed to start and listen on the port"), e.getOriginalMessage());
    // What actually serves did not change: the stable revision still gets everything.
    var history = f.sim.cloudRun().trafficHistory(SERVICE.resourceName());
    assertEquals(Map.of(stable, 100), history.get(history.size() - 1).percents());
  }

  @Test
  void aRevisionNameAlreadyUsedForAnotherImageIsRefusedNotOverwritten() {
    run.deployNoTraffic(deployRequest(NEW_IMAGE));
    ApplicationFailure e = applicationFailure(assertThrows(ActivityFailure.class,
        () -> run.deployNoTraffic(deployRequest(image("other")))));
    assertEquals(FailureTypes.FAILED_PRECONDITION, e.getType());
    assertTrue(e.isNonRetryable());
    assertTrue(e.getOriginalMessage().contains("already exists with image " + NEW_IMAGE), e.getOriginalMessage());
    assertEquals(1, f.calls("UpdateService").size());
  }

  @Test
  void deployRefusesATagInsteadOfADigest() {
    ApplicationFailure e = applicationFailure(assertThrows(ActivityFailure.class,
        () -> run.deployNoTraffic(deployRequest(SimulatorFixture.REPOSITORY + ":latest"))));
    assertEquals(FailureTypes.INVALID_ARGUMENT, e.getType());
    assertEquals(0, f.calls("UpdateService").size());
  }

  @Test
  void shiftMovesTrafficAndARetryOfTheSameShiftChangesNothing() {
    Deployment d = run.deployNoTraffic(deployRequest(NEW_IMAGE));
    TrafficMap expected = split(0);
    TrafficMap next = split(10);

    assertEquals(next, run.shiftTraffic(new ShiftRequest(SERVICE, expected, next)));
    assertEquals(next, run.shiftTraffic(new ShiftRequest(SERVICE, expected, next)));

    assertEquals(next, serviceTraffic());
    assertEquals(2, f.calls("UpdateService").size(), "one deploy and one shift");
    assertEquals(d.previousTraffic(), TrafficMap.of(TrafficTarget.revision(stable, 100)));
  }

  @Test
  void outOfBandTrafficChangeIsReportedAndNeverOverwritten() {
    run.deployNoTraffic(deployRequest(NEW_IMAGE));
    run.shiftTraffic(new ShiftRequest(SERVICE, split(0), split(10)));
    // An operator moves everything back by hand.
    f.sim.cloudRun().updateTrafficOutOfBand(SERVICE.resourceName(), Map.of(stable, 100));
    TrafficMap manual = serviceTraffic();

    ApplicationFailure e = applicationFailure(assertThrows(ActivityFailure.class,
        () -> run.shiftTraffic(new ShiftRequest(SERVICE, split(10), split(25)))));

    assertEquals(FailureTypes.OUT_OF_BAND_TRAFFIC_CHANGE, e.getType());
    assertTrue(e.isNonRetryable());
    assertTrue(e.getOriginalMessage().contains("found " + manual), e.getOriginalMessage());
    assertEquals(manual, serviceTraffic());
    assertEquals(2, f.calls("UpdateService").size(), "nothing written after the manual change");
  }

  @Test
  void aChangeBetweenReadAndWriteIsCaughtByTheEtagAndReported() throws Exception {
    run.deployNoTraffic(deployRequest(NEW_IMAGE));
    int updatesBefore = f.calls("UpdateService").size();
    // Our UpdateService reaches the server 1.5 s after our read; the manual change lands in between.
    f.sim.context().faults().addLatency("UpdateService", Duration.ofMillis(1500));
    CompletableFuture<TrafficMap> shift =
        CompletableFuture.supplyAsync(() -> run.shiftTraffic(new ShiftRequest(SERVICE, split(0), split(5))));
    awaitCalls("GetService", 2);
    Thread.sleep(300);
    f.sim.cloudRun().updateTrafficOutOfBand(SERVICE.resourceName(), Map.of(stable, 50, CANDIDATE, 50));
    TrafficMap manual = serviceTraffic();

    ExecutionException e = assertThrows(ExecutionException.class, () -> shift.get(30, TimeUnit.SECONDS));
    ApplicationFailure af = applicationFailure((ActivityFailure) e.getCause());
    assertEquals(FailureTypes.OUT_OF_BAND_TRAFFIC_CHANGE, af.getType());
    assertTrue(af.getOriginalMessage().contains("found " + manual), af.getOriginalMessage());
    assertEquals(manual, serviceTraffic(), "the manual change must survive");
    List<ApiCall> updates = f.calls("UpdateService");
    assertEquals(updatesBefore + 1, updates.size());
    assertEquals("ABORTED", updates.get(updates.size() - 1).status());
  }

  @Test
  void rollbackRestoresExactlyThePreviousMapIncludingTagsAndIsIdempotent() {
    // Stable traffic with an extra tagged revision that must survive the release untouched.
    Deployment d = run.deployNoTraffic(deployRequest(NEW_IMAGE));
    run.shiftTraffic(new ShiftRequest(SERVICE, split(0), split(25)));

    TrafficMap restored = run.rollback(new RollbackRequest(SERVICE, d.previousTraffic()));
    assertEquals(d.previousTraffic(), restored);
    assertEquals(d.previousTraffic(), serviceTraffic());
    assertEquals(TrafficMap.of(TrafficTarget.revision(stable, 100)), serviceTraffic(), "candidate tag gone");

    int updates = f.calls("UpdateService").size();
    assertEquals(d.previousTraffic(), run.rollback(new RollbackRequest(SERVICE, d.previousTraffic())));
    assertEquals(updates, f.calls("UpdateService").size(), "a repeated rollback writes nothing");
  }

  @Test
  void rollbackOverridesWhateverIsThereItIsTheSafetyAction() {
    Deployment d = run.deployNoTraffic(deployRequest(NEW_IMAGE));
    f.sim.cloudRun().updateTrafficOutOfBand(SERVICE.resourceName(), Map.of(stable, 20, CANDIDATE, 80));
    assertEquals(d.previousTraffic(), run.rollback(new RollbackRequest(SERVICE, d.previousTraffic())));
    assertEquals(d.previousTraffic(), serviceTraffic());
  }

  @Test
  void aRollbackThatDoesNotReadBackAsAppliedFailsRetryably() throws Exception {
    Deployment d = run.deployNoTraffic(deployRequest(NEW_IMAGE));
    run.shiftTraffic(new ShiftRequest(SERVICE, split(0), split(25)));
    int updatesBefore = f.calls("UpdateService").size();
    // Reads take 1 s to be answered; someone changes the traffic while the read-back is on its way.
    f.sim.faults().addLatency("GetService", Duration.ofMillis(1000));
    CompletableFuture<TrafficMap> rollback =
        CompletableFuture.supplyAsync(() -> run.rollback(new RollbackRequest(SERVICE, d.previousTraffic())));
    awaitCalls("UpdateService", updatesBefore + 1);
    f.sim.cloudRun().updateTrafficOutOfBand(SERVICE.resourceName(), Map.of(stable, 60, CANDIDATE, 40));

    ExecutionException e = assertThrows(ExecutionException.class, () -> rollback.get(30, TimeUnit.SECONDS));
    ApplicationFailure af = applicationFailure((ActivityFailure) e.getCause());
    assertEquals(FailureTypes.ROLLBACK_NOT_CONFIRMED, af.getType());
    assertFalse(af.isNonRetryable(), "the workflow's retry applies the rollback again");
    // Which is what the next attempt does.
    f.sim.faults().clear();
    assertEquals(d.previousTraffic(), run.rollback(new RollbackRequest(SERVICE, d.previousTraffic())));
    assertEquals(d.previousTraffic(), serviceTraffic());
  }

  @Test
  void promoteSendsAllTrafficToTheCandidateDropsItsTagAndKeepsOtherTags() {
    // A pre-existing tagged revision (e.g. a "blue" preview) must keep its tag URL.
    String oldImage = image("old-preview");
    run.deployNoTraffic(new DeployRequest(SERVICE, "older", oldImage,
        RevisionNames.candidate(SERVICE.service(), "older"), "blue"));
    String blue = RevisionNames.candidate(SERVICE.service(), "older");
    TrafficMap before = run.describe(SERVICE).traffic();
    assertEquals(TrafficMap.of(TrafficTarget.revision(stable, 100), TrafficTarget.tagged(blue, 0, "blue")), before);

    Deployment d = run.deployNoTraffic(deployRequest(NEW_IMAGE));
    assertEquals(before, d.previousTraffic());
    assertEquals(List.of(stable), d.stableRevisions());
    TrafficMap at50 = TrafficMap.of(TrafficTarget.revision(stable, 50), TrafficTarget.tagged(blue, 0, "blue"),
        TrafficTarget.tagged(CANDIDATE, 50, TAG));
    run.shiftTraffic(new ShiftRequest(SERVICE, serviceTraffic(), at50));

    // The workflow plans the promoted map (TrafficPlan keeps each entry in place); the activity writes it.
    TrafficMap expected = TrafficMap.of(TrafficTarget.tagged(blue, 0, "blue"), TrafficTarget.revision(CANDIDATE, 100));
    TrafficMap promoted = run.promote(new PromoteRequest(SERVICE, CANDIDATE, TAG, at50, expected));
    assertEquals(expected, promoted);
    assertEquals(expected, serviceTraffic());
    assertEquals(expected, run.promote(new PromoteRequest(SERVICE, CANDIDATE, TAG, at50, expected)), "idempotent");
    // A request scheduled before the workflow planned the map derives it by the same rule.
    assertEquals(expected, run.promote(new PromoteRequest(SERVICE, CANDIDATE, TAG, at50, null)), "older request");
  }

  @Test
  void permissionDeniedIsNonRetryableAndSaysWhatToGrant() {
    f.sim.context().faults().failNext("UpdateService", 1, Status.Code.PERMISSION_DENIED,
        "Permission 'run.services.update' denied on resource '" + SERVICE.resourceName() + "'");

    ApplicationFailure e = applicationFailure(assertThrows(ActivityFailure.class,
        () -> run.deployNoTraffic(deployRequest(NEW_IMAGE))));

    assertEquals(FailureTypes.PERMISSION_DENIED, e.getType());
    assertTrue(e.isNonRetryable());
    assertTrue(e.getOriginalMessage().contains("Grant roles/run.developer (run.services.update) on "
        + SERVICE.resourceName() + " to the deploy worker's service account"), e.getOriginalMessage());
    // After the grant, the same deploy goes through: nothing half-done blocks it.
    assertEquals(CANDIDATE, run.deployNoTraffic(deployRequest(NEW_IMAGE)).candidateRevision());
  }

  @Test
  void transientErrorsAreRetriedByTheClientOnReadsAndByTemporalOnWrites() {
    // Reads: the Cloud Run client's own retry settings absorb a transient UNAVAILABLE.
    f.sim.context().faults().failNext("GetService", 1, Status.Code.UNAVAILABLE, "backend unavailable");
    assertEquals(stable, run.describe(SERVICE).latestReadyRevision());
    assertEquals(List.of("UNAVAILABLE", "OK"), f.calls("GetService").stream().map(ApiCall::status).toList());

    // Writes are not retried by the client (UpdateService is not idempotent for it): the activity fails
    // retryably, and the retry Temporal makes succeeds without a duplicate revision.
    f.sim.context().faults().failNext("UpdateService", 1, Status.Code.UNAVAILABLE, "backend unavailable");
    ApplicationFailure unavailable = applicationFailure(assertThrows(ActivityFailure.class,
        () -> run.deployNoTraffic(deployRequest(NEW_IMAGE))));
    assertFalse(unavailable.isNonRetryable());
    assertEquals("Unavailable", unavailable.getType());
    assertEquals(CANDIDATE, run.deployNoTraffic(deployRequest(NEW_IMAGE)).candidateRevision());
    assertEquals(2, f.sim.cloudRun().revisions(SERVICE.resourceName()).size());
  }

  @Test
  void quotaErrorsAreRetryableWithALongerBackoff() {
    f.sim.cloudRun().setWriteQuota(SERVICE.region(), 0);
    ApplicationFailure quota = applicationFailure(assertThrows(ActivityFailure.class,
        () -> run.deployNoTraffic(deployRequest(NEW_IMAGE))));
    assertFalse(quota.isNonRetryable());
    assertEquals("ResourceExhausted", quota.getType());
    assertEquals(GoogleErrors.QUOTA_BACKOFF, quota.getNextRetryDelay());
    assertTrue(quota.getOriginalMessage().contains("Write requests per minute per region"), quota.getOriginalMessage());
  }

  private void awaitCall(String method) throws InterruptedException {
    awaitCalls(method, 1);
  }

  private void awaitCalls(String method, int n) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 20_000;
    while (f.sim.calls().count(c -> c.method().endsWith("/" + method)) < n) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("no " + method + " call seen: " + f.sim.calls().calls());
      }
      Thread.sleep(10);
    }
  }
}
