package dev.runshift.service;

import java.util.List;

/**
 * What a service's entity carries from one run to the next across continue-as-new. A fresh entity
 * starts from {@link #empty()}.
 *
 * @param servingImageKnown whether the serving image has been established (learned or promoted), so a
 *     new run does not ask Cloud Run again
 * @param queued the request waiting to run, or null
 * @param dedupeKeys accepted dedupe keys, oldest first, bounded by the settings
 * @param queuedFollowers other requesters waiting for the queued request's outcome (same image)
 */
public record ServiceMemory(
    String servingImage,
    boolean servingImageKnown,
    ReleaseSubmission queued,
    List<String> dedupeKeys,
    List<ReleaseRecord> history,
    List<IgnoredEvent> ignored,
    long releasesStarted,
    int generation,
    List<ReplyAddress> queuedFollowers) {

  /** Memory without followers of the queued request (as before replies existed). */
  public ServiceMemory(
      String servingImage, boolean servingImageKnown, ReleaseSubmission queued, List<String> dedupeKeys,
      List<ReleaseRecord> history, List<IgnoredEvent> ignored, long releasesStarted, int generation) {
    this(servingImage, servingImageKnown, queued, dedupeKeys, history, ignored, releasesStarted, generation, List.of());
  }

  public ServiceMemory {
    dedupeKeys = dedupeKeys == null ? List.of() : List.copyOf(dedupeKeys);
    history = history == null ? List.of() : List.copyOf(history);
    ignored = ignored == null ? List.of() : List.copyOf(ignored);
    queuedFollowers = queuedFollowers == null ? List.of() : List.copyOf(queuedFollowers);
  }

  public static ServiceMemory empty() {
    return new ServiceMemory(null, false, null, List.of(), List.of(), List.of(), 0, 0);
  }
}
