package dev.runshift.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runshift.ports.ServiceRef;
import dev.runshift.release.Phase;
import dev.runshift.service.CurrentRelease;
import dev.runshift.service.FleetReply;
import dev.runshift.service.ReleaseRecord;
import dev.runshift.service.ReleaseSubmission;
import dev.runshift.service.ServiceStatus;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rules by which a fleet settles a request whose reply is overdue, in order. */
class OverdueRepliesTest {
  private static final ServiceRef SERVICE = new ServiceRef("acme", "europe-west1", "api");
  private static final String IMAGE = FleetRequests.NEW;
  private static final String OTHER = FleetRequests.OLD;
  private static final long SENT = 1_000_000;

  @Test
  void noEntityMeansTheRequestIsLost() {
    FleetReply reply = settle(EntityView.missing()).orElseThrow();
    assertFailed(reply, "does not exist");
  }

  @Test
  void aReleaseOfTheImageThatEndedAfterTheRequestIsItsOutcome() {
    ReleaseRecord before = record("r1", IMAGE, Phase.PROMOTED, SENT - 10);
    ReleaseRecord after = record("r2", IMAGE, Phase.ROLLED_BACK, SENT + 10);
    FleetReply reply = settle(open(status(null, null, null, before, after))).orElseThrow();
    assertEquals(FleetReply.Outcome.FINISHED, reply.outcome());
    assertEquals("r2", reply.releaseId());
    assertEquals(Phase.ROLLED_BACK, reply.phase());
    assertEquals("k", reply.requestKey());
  }

  @Test
  void theImageRunningOrQueuedAtAnOpenEntityIsStillPending() {
    assertEquals(Optional.empty(), settle(open(status(null, current(IMAGE), null))));
    assertEquals(Optional.empty(), settle(open(status(null, current(OTHER), queued(IMAGE)))));
    assertEquals(Optional.empty(), settle(new EntityView(true, true, null, null)), "an open entity not answering");
  }

  @Test
  void aReleaseAbandonedByAClosedEntityIsPendingWhileItRunsThenSettledFromItsOwnEnd() {
    ServiceStatus status = status(null, current(IMAGE), null);
    EntityView running = new EntityView(true, false, status, new EntityView.ReleaseView("r7", true, null, null));
    assertEquals(Optional.empty(), settle(running));

    EntityView ended = new EntityView(true, false, status, new EntityView.ReleaseView("r7", false, Phase.PROMOTED, "healthy"));
    FleetReply reply = settle(ended).orElseThrow();
    assertTrue(reply.promoted(), reply.toString());
    assertEquals("r7", reply.releaseId());
    assertTrue(reply.reason().contains("closed before it ended"), reply.reason());
  }

  @Test
  void aServiceServingTheImageIsUnchanged() {
    FleetReply reply = settle(open(status(IMAGE, null, null))).orElseThrow();
    assertEquals(FleetReply.Outcome.UNCHANGED, reply.outcome());
  }

  @Test
  void anEntityWithNoRecordOfTheRequestLostIt() {
    assertFailed(settle(open(status(OTHER, current(OTHER), null))).orElseThrow(), "has no record of the request");
    assertFailed(settle(new EntityView(true, false, status(OTHER, null, null), null)).orElseThrow(),
        "is closed and has no record");
    assertFailed(settle(new EntityView(true, false, null, null)).orElseThrow(), "could not be asked");
  }

  private static Optional<FleetReply> settle(EntityView view) {
    return OverdueReplies.settle(SERVICE, "k", IMAGE, SENT, view);
  }

  private static void assertFailed(FleetReply reply, String why) {
    assertEquals(FleetReply.Outcome.FINISHED, reply.outcome());
    assertEquals(null, reply.phase());
    assertTrue(reply.reason().contains(why), reply.reason());
  }

  private static EntityView open(ServiceStatus status) {
    return new EntityView(true, true, status, null);
  }

  private static ServiceStatus status(String serving, CurrentRelease current, ReleaseSubmission queued, ReleaseRecord... history) {
    return new ServiceStatus(SERVICE, "entity", serving, current, queued, List.of(history), List.of(), history.length, 0);
  }

  private static CurrentRelease current(String image) {
    return new CurrentRelease("r7", "entity/r7", image, "fleet:f", "test", SENT + 1, false);
  }

  private static ReleaseSubmission queued(String image) {
    return ReleaseSubmission.ofImage(image, "fleet:f", "k", "test");
  }

  private static ReleaseRecord record(String id, String image, Phase phase, long endedAt) {
    return new ReleaseRecord(id, "entity/" + id, image, "fleet:f", "test", phase, "why", endedAt - 100, endedAt);
  }
}
