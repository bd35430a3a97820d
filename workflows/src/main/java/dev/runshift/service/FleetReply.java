package dev.runshift.service;

import dev.runshift.ports.ServiceRef;
import dev.runshift.release.Phase;

/**
 * What a service entity tells the workflow named in a request's {@link ReleaseSubmission#replyTo()}
 * (signal {@value #SIGNAL}) once that request is settled. Sent exactly once per accepted request, and
 * once for a request that was ignored because it changes nothing; never for a duplicate (the original
 * request's reply stands for it).
 *
 * @param requestKey the request's dedupe key, so a requester can tell its own requests' replies apart
 * @param releaseId the entity's release id when a release ran (FINISHED), else null
 * @param phase PROMOTED, ROLLED_BACK or ABORTED when FINISHED; null otherwise or when the release
 *     workflow itself failed
 */
public record FleetReply(
    ServiceRef service, String requestKey, String releaseId, Phase phase, String reason, Outcome outcome) {

  /** The signal name a requester implements. */
  public static final String SIGNAL = "releaseFinished";

  public enum Outcome {
    /** A release ran and ended ({@code phase}; null when the release workflow failed). */
    FINISHED,
    /** The service already served the image; nothing ran. */
    UNCHANGED,
    /** A newer request replaced this one while it waited; nothing ran for it. */
    SUPERSEDED,
    /** The request was invalid. */
    REJECTED
  }

  public boolean promoted() {
    return outcome == Outcome.FINISHED && phase == Phase.PROMOTED;
  }
}
