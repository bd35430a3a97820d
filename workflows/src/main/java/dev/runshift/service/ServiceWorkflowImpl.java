package dev.runshift.service;

import dev.runshift.policy.RolloutPolicy;
import dev.runshift.ports.CloudRun;
import dev.runshift.ports.ServiceRef;
import dev.runshift.ports.ServiceSnapshot;
import dev.runshift.ports.TaskQueues;
import dev.runshift.ports.Visibility;
import dev.runshift.release.Command;
import dev.runshift.release.Phase;
import dev.runshift.release.ReleaseOutcome;
import dev.runshift.release.ReleaseRequest;
import dev.runshift.release.ReleaseSearchAttributes;
import dev.runshift.release.ReleaseWorkflow;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.client.WorkflowException;
import io.temporal.common.RetryOptions;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * The service entity. Handlers only record (requests, controls) and never block; the main loop starts
 * releases, forwards controls and decides when to continue as new. See {@link ServiceWorkflow} for the
 * guarantees.
 */
public class ServiceWorkflowImpl implements ServiceWorkflow {
  private static final Logger log = Workflow.getLogger(ServiceWorkflowImpl.class);

  private final ServiceRef service;
  private final ServiceSettings settings;
  private final String entityId;

  private String servingImage;
  private boolean servingImageKnown;
  private ReleaseSubmission queued;
  private final LinkedHashSet<String> dedupeKeys;
  private final Deque<ReleaseRecord> history;
  private final Deque<IgnoredEvent> ignored;
  private long releasesStarted;
  private final int generation;

  private int releasesThisRun;
  private CurrentRelease current;
  private boolean abortForNewerWanted;
  private final List<Command> controlsToForward = new ArrayList<>();

  /** Replies settled but not yet sent; sent by the main loop, never by a handler. */
  private final List<Outgoing> outbox = new ArrayList<>();
  /** Requesters (besides the queued request's own) waiting for the queued request's outcome. */
  private final List<ReplyAddress> queuedFollowers;
  /** Requesters waiting for the running release's outcome. */
  private final List<ReplyAddress> runningFollowers = new ArrayList<>();
  /** Version of the reply behaviour in this run; null until first needed. */
  private Integer repliesVersion;

  private record Outgoing(String workflowId, FleetReply reply) {}

  private static final String REPLIES_CHANGE = "fleet-replies";
  /** Releases are started with Runshift's search attributes when the worker says they are registered. */
  static final String SEARCH_ATTRIBUTES_CHANGE = "release-search-attributes";

  @WorkflowInit
  public ServiceWorkflowImpl(ServiceInput input) {
    this.service = input.service();
    this.settings = input.settings();
    this.entityId = ServiceIds.entityId(service);
    ServiceMemory memory = input.memory();
    this.servingImage = memory.servingImage();
    this.servingImageKnown = memory.servingImageKnown();
    this.queued = memory.queued();
    this.dedupeKeys = new LinkedHashSet<>(memory.dedupeKeys());
    this.history = new ArrayDeque<>(memory.history());
    this.ignored = new ArrayDeque<>(memory.ignored());
    this.releasesStarted = memory.releasesStarted();
    this.generation = memory.generation();
    this.queuedFollowers = new ArrayList<>(memory.queuedFollowers());
  }

  @Override
  public void run(ServiceInput input) {
    MDC.put("service", service.toString());
    if (!servingImageKnown && settings.learnServingImage()) {
      learnServingImage();
    }
    showDetails();
    while (true) {
      Workflow.await(() -> queued != null || !outbox.isEmpty() || shouldContinueAsNew());
      sendReplies();
      if (queued == null && !shouldContinueAsNew()) {
        continue;
      }
      if (shouldContinueAsNew()) {
        continueAsNew();
        return;
      }
      ReleaseSubmission next = queued;
      queued = null;
      List<ReplyAddress> followers = List.copyOf(queuedFollowers);
      queuedFollowers.clear();
      Optional<String> skip = Intake.reasonToSkipAtStart(next, servingImage);
      if (skip.isPresent()) {
        recordIgnored("deploy", next, skip.get());
        replyAll(next, followers, null, null, skip.get(), FleetReply.Outcome.UNCHANGED);
        continue;
      }
      runningFollowers.clear();
      runningFollowers.addAll(followers);
      runRelease(next);
    }
  }

  // ---- handlers: record only, never block --------------------------------------------------------

  @Override
  public void deploy(ReleaseSubmission request) {
    Intake.Known known =
        new Intake.Known(
            servingImage,
            current == null ? null : current.image(),
            queued == null ? null : queued.image(),
            dedupeKeys);
    Optional<String> ignore = Intake.reasonToIgnore(request, known);
    boolean duplicate = request != null && request.dedupeKey() != null && dedupeKeys.contains(request.dedupeKey());
    if (request != null && request.dedupeKey() != null) {
      rememberDedupeKey(request.dedupeKey());
    }
    if (ignore.isPresent()) {
      recordIgnored("deploy", request, ignore.get());
      settleIgnored(request, known, duplicate, ignore.get());
      return;
    }
    if (queued != null) {
      String why = "superseded by a newer request from " + request.origin();
      recordIgnored("deploy", queued, why);
      replyAll(queued, List.copyOf(queuedFollowers), null, null, why, FleetReply.Outcome.SUPERSEDED);
      queuedFollowers.clear();
    }
    queued = request;
    showDetails();
    QueueMode mode = request.mode() != null ? request.mode() : settings.defaultMode();
    if (mode == QueueMode.ABORT_CURRENT && current != null && !current.abortRequested()) {
      abortForNewerWanted = true;
    }
  }

  @Override
  public void pause(String reason) {
    control(Command.Action.PAUSE, reason);
  }

  @Override
  public void resume(String reason) {
    control(Command.Action.RESUME, reason);
  }

  @Override
  public void promote(String reason) {
    control(Command.Action.PROMOTE, reason);
  }

  @Override
  public void abort(String reason) {
    control(Command.Action.ABORT, reason);
  }

  @Override
  public void approve(String reason) {
    control(Command.Action.APPROVE, reason);
  }

  @Override
  public void retry(String reason) {
    control(Command.Action.RETRY, reason);
  }

  @Override
  public void skip(String reason) {
    control(Command.Action.SKIP, reason);
  }

  @Override
  public ServiceStatus status() {
    return new ServiceStatus(
        service,
        entityId,
        servingImage,
        current,
        queued,
        List.copyOf(history),
        List.copyOf(ignored),
        releasesStarted,
        generation);
  }

  private void control(Command.Action action, String reason) {
    if (current == null) {
      recordIgnoredControl(action, reason, "no release is running");
      return;
    }
    controlsToForward.add(new Command(action, reason, null));
  }

  // ---- main loop steps ---------------------------------------------------------------------------

  private void runRelease(ReleaseSubmission request) {
    releasesStarted++;
    releasesThisRun++;
    String releaseId = ServiceIds.releaseId(releasesStarted, Workflow.randomUUID().toString());
    String childId = ServiceIds.releaseWorkflowId(entityId, releaseId);
    long startedAt = Workflow.currentTimeMillis();
    current =
        new CurrentRelease(
            releaseId, childId, request.image(), request.origin(), request.requestedBy(), startedAt, false);
    // A request that arrived earlier may already want this release aborted; it only counts for the
    // release that was running then.
    abortForNewerWanted = false;

    ReleaseRequest releaseRequest =
        new ReleaseRequest(
            releaseId, service, request.image(), request.build(), request.tests(), policyFor(request),
            request.origin());
    ChildWorkflowOptions.Builder childOptions =
        ChildWorkflowOptions.newBuilder()
            .setWorkflowId(childId)
            .setTaskQueue(TaskQueues.WORKFLOWS)
            // A release always finishes its own promote or rollback, whatever happens to the entity.
            .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
            .setStaticSummary("Release " + request.describeArtifact() + " to " + service)
            .setStaticDetails("release `" + releaseId + "` of `" + service + "` from "
                + request.origin() + ", run by service entity `" + entityId + "`");
    if (searchAttributesRegistered()) {
      childOptions.setTypedSearchAttributes(ReleaseSearchAttributes.initial(releaseRequest));
    }
    ReleaseWorkflow child = Workflow.newChildWorkflowStub(ReleaseWorkflow.class, childOptions.build());
    showDetails();
    log.info("{}: starting release {} of {} from {}", service, releaseId, request.describeArtifact(), request.origin());
    Promise<ReleaseOutcome> outcome = Async.function(child::run, releaseRequest);

    Phase phase = null;
    String reason;
    String image = request.image();
    try {
      Workflow.getWorkflowExecution(child).get();
      while (!outcome.isCompleted()) {
        Workflow.await(
            () -> outcome.isCompleted() || !controlsToForward.isEmpty() || abortForNewerWanted
                || !outbox.isEmpty());
        sendReplies();
        forwardControls(child);
        if (abortForNewerWanted) {
          abortForNewerWanted = false;
          current = current.withAbortRequested();
          String why = "superseded by a newer request from " + (queued == null ? "?" : queued.origin());
          signal(child, new Command(Command.Action.ABORT, why, "service"));
        }
      }
      ReleaseOutcome result = outcome.get();
      phase = result.phase();
      reason = result.reason();
      if (result.image() != null) {
        image = result.image();
      }
      if (phase == Phase.PROMOTED) {
        servingImage = image;
        servingImageKnown = true;
      }
    } catch (TemporalFailure failure) {
      reason = "release workflow failed: " + failure.getMessage();
      log.warn("{}: release {} failed: {}", service, releaseId, failure.getMessage());
    }
    // Controls that arrived after the release ended have nothing left to act on.
    for (Command late : controlsToForward) {
      recordIgnoredControl(late.action(), late.reason(), "release " + releaseId + " had already ended");
    }
    controlsToForward.clear();
    append(
        history,
        new ReleaseRecord(
            releaseId, childId, image, request.origin(), request.requestedBy(), phase, reason, startedAt,
            Workflow.currentTimeMillis()),
        settings.historyLimit());
    current = null;
    showDetails();
    replyAll(request, List.copyOf(runningFollowers), releaseId, phase, reason, FleetReply.Outcome.FINISHED);
    runningFollowers.clear();
    log.info("{}: release {} ended {}", service, releaseId, phase == null ? "FAILED" : phase);
  }

  private void forwardControls(ReleaseWorkflow child) {
    while (!controlsToForward.isEmpty()) {
      Command command = controlsToForward.remove(0);
      if (!signal(child, command)) {
        recordIgnoredControl(
            command.action(), command.reason(), "release " + current.releaseId() + " did not accept it");
      }
    }
  }

  /** Sends one command to the running release; false if it could not be delivered. */
  private boolean signal(ReleaseWorkflow child, Command command) {
    try {
      switch (command.action()) {
        case PAUSE -> child.pause(command.reason());
        case RESUME -> child.resume(command.reason());
        case PROMOTE -> child.promote(command.reason());
        case ABORT -> child.abort(command.reason());
        case APPROVE -> child.approve(command.reason());
        case RETRY -> child.retry(command.reason());
        case SKIP -> child.skip(command.reason());
      }
      return true;
    } catch (WorkflowException | TemporalFailure e) {
      log.warn("{}: could not send {} to {}: {}", service, command.action(), current.workflowId(), e.getMessage());
      return false;
    }
  }

  /**
   * Whether this release starts with search attributes: asked of the worker ({@link Visibility}) for each
   * release, so that registering them later takes effect without restarting entities. Entities that
   * started releases before this existed (version DEFAULT) never ask and start them without.
   */
  private boolean searchAttributesRegistered() {
    if (Workflow.getVersion(SEARCH_ATTRIBUTES_CHANGE, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
      return false;
    }
    Visibility visibility =
        Workflow.newLocalActivityStub(
            Visibility.class,
            LocalActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(10))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
                .build());
    try {
      return visibility.searchAttributesRegistered();
    } catch (TemporalFailure e) {
      log.warn("{}: starting the release without search attributes: {}", service, e.getMessage());
      return false;
    }
  }

  /** The entity's current details in the Temporal UI: what it serves, releases and has queued. */
  private void showDetails() {
    StringBuilder details = new StringBuilder();
    if (current != null) {
      details.append("**releasing** `").append(current.image() == null ? "a build" : current.image())
          .append("` (release `").append(current.releaseId()).append("`)");
    } else {
      details.append("**idle**");
    }
    details.append("\n\nserving `").append(servingImage == null ? "unknown" : servingImage).append('`');
    if (queued != null) {
      details.append("\n\nqueued: `").append(queued.describeArtifact()).append("` from ").append(queued.origin());
    }
    details.append("\n\n").append(releasesStarted).append(" releases started");
    Workflow.setCurrentDetails(details.toString());
  }

  private RolloutPolicy policyFor(ReleaseSubmission request) {
    if (request.policy() != null) {
      return request.policy();
    }
    return settings.defaultPolicy() != null ? settings.defaultPolicy() : RolloutPolicy.defaults();
  }

  /** Asks Cloud Run what the service serves; a failure only means the entity does not know yet. */
  private void learnServingImage() {
    CloudRun cloudRun =
        Workflow.newActivityStub(
            CloudRun.class,
            ActivityOptions.newBuilder()
                .setTaskQueue(TaskQueues.DEPLOY)
                .setStartToCloseTimeout(Duration.ofMinutes(1))
                .setScheduleToCloseTimeout(Duration.ofMinutes(5))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(5).build())
                .build());
    try {
      ServiceSnapshot snapshot = cloudRun.describe(service);
      servingImage = snapshot.servingImage();
      log.info("{}: serving {}", service, servingImage);
    } catch (TemporalFailure e) {
      log.warn("{}: could not learn the serving image, continuing without it: {}", service, e.getMessage());
    }
    // Asked once: a service that does not exist yet, or an unreachable Cloud Run, is not asked again.
    servingImageKnown = true;
  }

  // ---- continue-as-new ---------------------------------------------------------------------------

  /** Only ever true while idle: called from the main loop between releases. */
  private boolean shouldContinueAsNew() {
    return releasesThisRun >= settings.maxReleasesPerRun()
        || Workflow.getInfo().getHistoryLength() >= settings.maxHistoryEvents()
        || Workflow.getInfo().isContinueAsNewSuggested();
  }

  private void continueAsNew() {
    // Handlers here never block, but a future one might: let every one finish before the state is read.
    Workflow.await(Workflow::isEveryHandlerFinished);
    // Replies settled by handlers that ran meanwhile belong to this run: send them before it ends.
    while (!outbox.isEmpty()) {
      sendReplies();
      Workflow.await(Workflow::isEveryHandlerFinished);
    }
    ServiceMemory memory =
        new ServiceMemory(
            servingImage,
            servingImageKnown,
            queued,
            List.copyOf(dedupeKeys),
            List.copyOf(history),
            List.copyOf(ignored),
            releasesStarted,
            generation + 1,
            List.copyOf(queuedFollowers));
    log.info("{}: continuing as new (generation {}), queued: {}", service, generation + 1, queued != null);
    Workflow.continueAsNew(new ServiceInput(service, settings, memory));
  }

  // ---- replies to requesters ---------------------------------------------------------------------

  /**
   * Settles an ignored request for its requester: a duplicate gets no reply (the original's stands for
   * it); a request for the image being released or queued waits for that outcome; one for the served
   * image is UNCHANGED; anything else is REJECTED.
   */
  private void settleIgnored(ReleaseSubmission request, Intake.Known known, boolean duplicate, String reason) {
    if (request == null || request.replyTo() == null) {
      return;
    }
    ReplyAddress address = new ReplyAddress(request.replyTo(), request.dedupeKey());
    if (duplicate) {
      return;
    }
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

  /**
   * Sends every settled reply. A requester that is gone is logged and skipped: the reply is a courtesy
   * to it, the release itself is recorded here either way. Entities that settled a request before
   * replies existed (version DEFAULT) send nothing, as they did then.
   */
  private void sendReplies() {
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

  // ---- bounded records ---------------------------------------------------------------------------

  private void rememberDedupeKey(String key) {
    dedupeKeys.remove(key);
    dedupeKeys.add(key);
    while (dedupeKeys.size() > settings.dedupeLimit()) {
      dedupeKeys.remove(dedupeKeys.iterator().next());
    }
  }

  private void recordIgnored(String kind, ReleaseSubmission request, String reason) {
    IgnoredEvent event =
        request == null
            ? new IgnoredEvent(Workflow.currentTimeMillis(), kind, null, null, null, reason)
            : new IgnoredEvent(
                Workflow.currentTimeMillis(), kind, request.image(), request.origin(), request.dedupeKey(), reason);
    log.info("{}: ignored {} of {}: {}", service, kind, event.image(), reason);
    append(ignored, event, settings.ignoredLimit());
  }

  private void recordIgnoredControl(Command.Action action, String reason, String why) {
    String detail = reason == null || reason.isBlank() ? why : why + " (reason given: " + reason + ")";
    log.info("{}: ignored {}: {}", service, action, detail);
    append(
        ignored,
        new IgnoredEvent(Workflow.currentTimeMillis(), action.name().toLowerCase(), null, null, null, detail),
        settings.ignoredLimit());
  }

  private static <T> void append(Deque<T> records, T record, int limit) {
    records.addLast(record);
    while (records.size() > limit) {
      records.removeFirst();
    }
  }
}
