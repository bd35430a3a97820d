package dev.runshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runshift.ports.ServiceRef;
import dev.runshift.release.Phase;
import dev.runshift.service.CurrentRelease;
import dev.runshift.service.IgnoredEvent;
import dev.runshift.service.ReleaseRecord;
import dev.runshift.service.ReleaseSubmission;
import dev.runshift.service.ServiceStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How {@code deploy} reads its request's fate from the entity's status. */
class SubmissionFateTest {
  private static final ServiceRef SHOP = new ServiceRef("p", "us-central1", "shop");
  private static final String A = "repo/shop@sha256:" + "a".repeat(64);
  private static final String B = "repo/shop@sha256:" + "b".repeat(64);
  private static final CurrentRelease RUNNING_A = new CurrentRelease("r1-a", "wf-1", A, "cli", "cli:x", 1, false);

  @Test
  void ignoredUnderItsKeyWithTheEntitysReason() {
    ServiceStatus s = status(null, null, List.of(), List.of(ignored("k-1", "service already serves this image")));
    assertEquals(new SubmissionFate.Ignored("service already serves this image"), SubmissionFate.of(s, "k-1", A, false));
  }

  @Test
  void queuedUnderItsKeyEvenIfARedeliveredDuplicateWasIgnoredUnderTheSameKey() {
    ServiceStatus s = status(RUNNING_A, submission(B, "k-2"), List.of(), List.of(ignored("k-2", "duplicate")));
    assertEquals(new SubmissionFate.Queued(RUNNING_A), SubmissionFate.of(s, "k-2", B, false));
  }

  @Test
  void runningOnceTheEntityStartedItsImage() {
    ServiceStatus s = status(RUNNING_A, null, List.of(), List.of());
    assertEquals(new SubmissionFate.Started("r1-a", "wf-1"), SubmissionFate.of(s, "k-1", A, false));
  }

  @Test
  void aFinishedReleaseOfTheImageCountsOnlyOnceTheRequestWasSeen() {
    ReleaseRecord earlier = new ReleaseRecord("r1-a", "wf-1", A, "cli", "cli:x", Phase.ROLLED_BACK, "bad", 1, 2);
    ServiceStatus s = status(null, null, List.of(earlier), List.of());
    assertEquals(new SubmissionFate.Unseen(), SubmissionFate.of(s, "k-3", A, false));
    assertEquals(new SubmissionFate.Started("r1-a", "wf-1"), SubmissionFate.of(s, "k-3", A, true));
  }

  @Test
  void withoutAKeyTheQueuedRequestIsKnownByItsImage() {
    ServiceStatus s = status(RUNNING_A, submission(B, null), List.of(), List.of());
    assertEquals(new SubmissionFate.Queued(RUNNING_A), SubmissionFate.of(s, null, B, false));
  }

  private static ServiceStatus status(
      CurrentRelease current, ReleaseSubmission queued, List<ReleaseRecord> history, List<IgnoredEvent> ignored) {
    return new ServiceStatus(SHOP, "service:p:us-central1:shop", null, current, queued, history, ignored, 1, 0);
  }

  private static ReleaseSubmission submission(String image, String key) {
    return ReleaseSubmission.ofImage(image, "cli", key, "cli:x");
  }

  private static IgnoredEvent ignored(String key, String reason) {
    return new IgnoredEvent(1, "deploy", A, "cli", key, reason);
  }
}
