package dev.runshift.cli;

import dev.runshift.service.CurrentRelease;
import dev.runshift.service.IgnoredEvent;
import dev.runshift.service.ReleaseRecord;
import dev.runshift.service.ServiceStatus;
import java.util.List;

/**
 * What a service's entity did with one request, read from its {@code status()}: the request is known by
 * its dedupe key (unique per {@code runshift deploy}) while it waits or is ignored, and by its image once
 * it runs (the entity never runs or queues two requests for the same image at once).
 */
sealed interface SubmissionFate {

  /** Ignored: the entity recorded why and changes nothing. */
  record Ignored(String reason) implements SubmissionFate {}

  /** Waiting its turn; {@code behind} is the running release, or null if it is about to start. */
  record Queued(CurrentRelease behind) implements SubmissionFate {}

  /** Its release has started (it may have ended since). */
  record Started(String releaseId, String workflowId) implements SubmissionFate {}

  /** Not in the entity's status (not taken up yet, or already out of its bounded records). */
  record Unseen() implements SubmissionFate {}

  /**
   * The request's fate in {@code s}. A finished release counts only once the request was seen queued
   * or running ({@code seenBefore}): before that, a finished release of the same image is an earlier one.
   * A request without a dedupe key is known by its image alone (and is never seen ignored).
   */
  static SubmissionFate of(ServiceStatus s, String dedupeKey, String image, boolean seenBefore) {
    if (s.queued() != null && (dedupeKey == null ? image.equals(s.queued().image())
        : dedupeKey.equals(s.queued().dedupeKey()))) {
      return new Queued(s.current());
    }
    // Queued first: a redelivered duplicate of a queued request is recorded as ignored under the same key.
    List<IgnoredEvent> ignored = s.ignored() == null ? List.of() : s.ignored();
    for (int i = ignored.size() - 1; i >= 0 && dedupeKey != null; i--) {
      IgnoredEvent e = ignored.get(i);
      if (dedupeKey.equals(e.dedupeKey())) {
        return new Ignored(e.reason());
      }
    }
    if (s.current() != null && image.equals(s.current().image())) {
      return new Started(s.current().releaseId(), s.current().workflowId());
    }
    if (seenBefore) {
      List<ReleaseRecord> history = s.history() == null ? List.of() : s.history();
      for (int i = history.size() - 1; i >= 0; i--) {
        ReleaseRecord r = history.get(i);
        if (image.equals(r.image())) {
          return new Started(r.releaseId(), r.workflowId());
        }
      }
    }
    return new Unseen();
  }
}
