package dev.runshift.service;

import dev.runshift.ports.ServiceRef;
import dev.runshift.release.Phase;
import io.temporal.client.WorkflowException;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * The entity's answers to requesters that asked to be told how their request ended (a fleet): who waits
 * for the queued request and for the running release, and the replies settled but not yet sent. Handlers
 * only settle replies; {@link #send()} is called from the entity's main loop, never from a handler.
 * Guarantees one reply per request key and requester, except for duplicates, which the original's reply
 * answers.
 */
final class Replies {
  private static final Logger log = Workflow.getLogger(Replies.class);
  private static final String REPLIES_CHANGE = "fleet-replies";

  private record Outgoing(String workflowId, FleetReply reply) {}

  private final ServiceRef service;
  /** Replies settled but not yet sent. */
  private final List<Outgoing> outbox = new ArrayList<>();
  /** Requesters (besides the queued request's own) waiting for the queued request's outcome. */
  private final List<ReplyAddress> queuedFollowers;
  /** Requesters waiting for the running release's outcome. */
  private final List<ReplyAddress> runningFollowers = new ArrayList<>();
  /** Version of the reply behaviour in this run; null until first needed. */
  private Integer repliesVersion;

  /** {@code queuedFollowers}: those carried over from the entity's previous run. */
  Replies(ServiceRef service, List<ReplyAddress> queuedFollowers) {
    this.service = service;
    this.queuedFollowers = new ArrayList<>(queuedFollowers);
  }

  /**
   * Settles an ignored request for its requester: a duplicate gets no reply (the original's stands for
   * it); a request for the image being released or queued waits for that outcome; one for the served
   * image is UNCHANGED; anything else is REJECTED.
   */
  void ignored(ReleaseSubmission request, Intake.Known known, boolean duplicate, String reason) {
    if (request == null || request.replyTo() == null || duplicate) {
      return;
    }
    ReplyAddress address = new ReplyAddress(request.replyTo(), request.dedupeKey());
    String image = request.image();
    if (image != null && image.equals(known.runningImage())) {
      runningFollowers.add(address);
    } else if (image != null && image.equals(known.queuedImage())) {
      queuedFollowers.add(address);
    } else if (image != null && image.equals(known.servingImage())) {
      reply(address, null, null, reason, FleetReply.Outcome.UNCHANGED);
    } else {
      reply(address, null, null, reason, FleetReply.Outcome.REJECTED);
    }
  }

  /** The queued request was replaced by a newer one: it and its followers are SUPERSEDED. */
  void superseded(ReleaseSubmission queued, String why) {
    replyAll(queued, takeQueuedFollowers(), null, null, why, FleetReply.Outcome.SUPERSEDED);
  }

  /** The queued request left the queue: its followers now wait for it, or are answered with it. */
  List<ReplyAddress> takeQueuedFollowers() {
    List<ReplyAddress> followers = List.copyOf(queuedFollowers);
    queuedFollowers.clear();
    return followers;
  }

  /** The dequeued request was skipped (its image already serves): it and {@code followers} are UNCHANGED. */
  void unchanged(ReleaseSubmission request, List<ReplyAddress> followers, String reason) {
    replyAll(request, followers, null, null, reason, FleetReply.Outcome.UNCHANGED);
  }

  /** A release of the dequeued request starts: {@code followers} wait for its end. */
  void running(List<ReplyAddress> followers) {
    runningFollowers.clear();
    runningFollowers.addAll(followers);
  }

  /** The running release ended: it and its followers are told how. */
  void finished(ReleaseSubmission request, String releaseId, Phase phase, String reason) {
    replyAll(request, List.copyOf(runningFollowers), releaseId, phase, reason, FleetReply.Outcome.FINISHED);
    runningFollowers.clear();
  }

  boolean pending() {
    return !outbox.isEmpty();
  }

  /** Those waiting for the queued request, for the entity's next run. */
  List<ReplyAddress> queuedFollowers() {
    return List.copyOf(queuedFollowers);
  }

  /**
   * Sends every settled reply. A requester that is gone is logged and skipped: the reply is a courtesy
   * to it, the release itself is recorded by the entity either way. Entities that settled a request
   * before replies existed (version DEFAULT) send nothing, as they did then.
   */
  void send() {
    if (outbox.isEmpty()) {
      return;
    }
    if (repliesVersion == null) {
      repliesVersion = Workflow.getVersion(REPLIES_CHANGE, Workflow.DEFAULT_VERSION, 1);
    }
    List<Outgoing> sending = List.copyOf(outbox);
    outbox.clear();
    if (repliesVersion == Workflow.DEFAULT_VERSION) {
      return;
    }
    for (Outgoing out : sending) {
      try {
        Workflow.newUntypedExternalWorkflowStub(out.workflowId()).signal(FleetReply.SIGNAL, out.reply());
      } catch (WorkflowException | TemporalFailure e) {
        log.warn("{}: could not reply to {}: {}", service, out.workflowId(), e.getMessage());
      }
    }
  }

  private void replyAll(
      ReleaseSubmission request, List<ReplyAddress> followers, String releaseId, Phase phase, String reason,
      FleetReply.Outcome outcome) {
    if (request.replyTo() != null) {
      reply(new ReplyAddress(request.replyTo(), request.dedupeKey()), releaseId, phase, reason, outcome);
    }
    for (ReplyAddress follower : followers) {
      reply(follower, releaseId, phase, reason, outcome);
    }
  }

  private void reply(ReplyAddress to, String releaseId, Phase phase, String reason, FleetReply.Outcome outcome) {
    outbox.add(new Outgoing(
        to.workflowId(), new FleetReply(service, to.requestKey(), releaseId, phase, reason, outcome)));
  }
}
