package dev.runshift.fleet;

import dev.runshift.ports.ImageRef;
import dev.runshift.ports.CloudRun;
import dev.runshift.ports.ImageRegistry;
import dev.runshift.ports.ServiceRef;
import dev.runshift.ports.ServiceSnapshot;
import dev.runshift.ports.TaskQueues;
import dev.runshift.release.Phase;
import dev.runshift.service.FleetReply;
import dev.runshift.service.QueueMode;
import dev.runshift.service.ReleaseSubmission;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * The fleet redeploy. Handlers only record (replies, controls); the main flow selects, starts releases
 * wave by wave through the service entities, and continues as new at bounded points. See
 * {@link FleetWorkflow} for the guarantees.
 */
public class FleetWorkflowImpl implements FleetWorkflow {
  private static final Logger log = Workflow.getLogger(FleetWorkflowImpl.class);
  /** Continue as new at the next safe point once a run's history is this long. */
  private static final long HISTORY_LIMIT = 8_000;
  /**
   * How long the fleet waits for a reply before it asks the service's entity what became of the request,
   * and again after each answer that it is still pending. Generous: a release may wait hours for an
   * operator, and asking changes nothing but the fleet's own record.
   */
  static final Duration REPLY_TIMEOUT = Duration.ofHours(6); // FleetWorkflow says "six hours"
  private static final String OVERDUE_REPLIES_CHANGE = "fleet-overdue-replies";

  private final FleetRequest request;
  private final String fleetId;

  /** Everything carried to the next run, as it is: the one state object of this fleet. */
  private final FleetState state;
  private final StartPacer pacer;

  private int failures;
  private int startsThisRun;
  private boolean awaitingApproval;
  private boolean approved;
  /** Version of the overdue-reply behaviour in this run; null until first needed. */
  private Integer overdueVersion;

  private final FleetSubmitter submitter =
      Workflow.newActivityStub(
          FleetSubmitter.class,
          ActivityOptions.newBuilder()
              .setTaskQueue(TaskQueues.WORKFLOWS)
              .setStartToCloseTimeout(Duration.ofSeconds(30))
              .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(10).build())
              .build());
  private final CloudRun cloudRun =
      Workflow.newActivityStub(
          CloudRun.class,
          ActivityOptions.newBuilder()
              .setTaskQueue(TaskQueues.DEPLOY)
              .setStartToCloseTimeout(Duration.ofMinutes(2))
              .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(5).build())
              .build());
  private final ImageRegistry registry =
      Workflow.newActivityStub(
          ImageRegistry.class,
          ActivityOptions.newBuilder()
              .setTaskQueue(TaskQueues.DEPLOY)
              .setStartToCloseTimeout(Duration.ofMinutes(1))
              .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(5).build())
              .build());

  @WorkflowInit
  public FleetWorkflowImpl(FleetInput input) {
    this.request = input.request();
    this.fleetId = Workflow.getInfo().getWorkflowId();
    this.state = input.state() == null ? FleetState.fresh() : input.state();
    this.pacer = new StartPacer(request.writesPerMinutePerRegion(), request.effectiveWritesPerRelease(), state.pacer);
    failures = (int) state.results.stream().filter(r -> r != null && r.outcome().countsAsFailure()).count();
  }

  @Override
  public FleetStatus run(FleetInput input) {
    if (input.state() == null && !select()) {
      return status();
    }
    if (state.phase != FleetPhase.ROLLING_BACK) {
      state.phase = FleetPhase.RELEASING;
      releaseWaves();
      awaitSettling(state.inFlight::isEmpty);
    }
    if (state.abort != null && state.abort.rollbackPromoted()) {
      restorePromoted();
    }
    if (state.abort != null) {
      state.phase = FleetPhase.ABORTED;
      state.message = "aborted: " + state.abort.reason();
    } else if (failures >= state.failureLimit) {
      state.phase = FleetPhase.STOPPED_BY_BUDGET;
      state.message = failures + " failed release(s) spent the failure budget of " + state.failureLimit
          + "; " + untouched() + " service(s) left untouched";
    } else {
      state.phase = FleetPhase.COMPLETED;
    }
    log.info("fleet {}: {} {}", fleetId, state.phase, state.message == null ? "" : state.message);
    return status();
  }

  // ---- handlers: record only, never block --------------------------------------------------------

  @Override
  public void releaseFinished(FleetReply reply) {
    settle(reply, "reply");
  }

  /** Records how one request ended, from its entity's reply or the fleet's own look-up; once per request. */
  private void settle(FleetReply reply, String source) {
    InFlight request = reply == null ? null : state.inFlight.remove(reply.requestKey());
    if (request == null) {
      log.info("fleet {}: {} for a request it is not waiting for: {}", fleetId, source, reply);
      return;
    }
    ServiceOutcome outcome = request.restore() ? restoreOutcome(reply) : releaseOutcome(reply);
    String reason = reply.phase() == null ? reply.reason() : reply.phase() + ": " + reply.reason();
    state.results.set(request.index(), new ServiceResult(reply.service(), outcome, reply.releaseId(), reason));
    if (outcome.countsAsFailure()) {
      failures++;
      log.warn("fleet {}: {} failed: {}", fleetId, reply.service(), reason);
    }
  }

  @Override
  public void pause(String reason) {
    state.paused = true;
    state.pauseReason = reason;
  }

  @Override
  public void resume(String reason) {
    state.paused = false;
    state.pauseReason = null;
  }

  @Override
  public void abort(FleetAbort request) {
    if (state.abort == null && !state.phase.isFinal()) {
      state.abort = request == null ? new FleetAbort("aborted", false) : request;
    }
  }

  @Override
  public void approve(String reason) {
    if (awaitingApproval) {
      approved = true;
    } else {
      log.info("fleet {}: approve ignored, no gate is waiting ({})", fleetId, reason);
    }
  }

  @Override
  public FleetStatus status() {
    Map<ServiceOutcome, Integer> counts = new EnumMap<>(ServiceOutcome.class);
    List<ServiceResult> failed = new ArrayList<>();
    for (ServiceResult r : state.results) {
      if (r != null) {
        counts.merge(r.outcome(), 1, Integer::sum);
        if (r.outcome() == ServiceOutcome.FAILED || r.outcome() == ServiceOutcome.RESTORE_FAILED) {
          failed.add(r);
        }
      }
    }
    List<String> running = state.inFlight.values().stream()
        .map(f -> state.targets.get(f.index()).service().toString() + (f.restore() ? " (restore)" : ""))
        .toList();
    List<ServiceRef> releasing = state.inFlight.values().stream()
        .filter(f -> !f.restore())
        .map(f -> state.targets.get(f.index()).service())
        .toList();
    FleetPhase shown = state.paused && state.phase == FleetPhase.RELEASING ? FleetPhase.PAUSED : state.phase;
    return new FleetStatus(
        fleetId, state.digest, shown, state.targets.size(), Math.min(state.wave + 1, state.waveEnds.size()),
        state.waveEnds.size(), state.waveEnds, state.nextIndex, counts, running, failed, untouched(),
        state.failureLimit, state.paused, state.pauseReason, state.abort, state.generation, state.startedAt,
        Workflow.currentTimeMillis(), state.message, releasing);
  }

  // ---- selection ---------------------------------------------------------------------------------

  /** Resolves the image and selects the services; false (phase FAILED) if there is nothing to do. */
  private boolean select() {
    state.fleetRunId = Workflow.randomUUID().toString();
    state.startedAt = Workflow.currentTimeMillis();
    try {
      request.validated();
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), "InvalidFleetRequest");
    }
    try {
      state.digest =
          ImageRef.isPinned(request.image()) ? request.image() : registry.resolveDigest(request.image());
    } catch (ActivityFailure e) {
      return failed("could not resolve " + request.image() + ": " + e.getCause().getMessage());
    }
    List<FleetTarget> selected = new ArrayList<>();
    for (String project : request.selector().projects()) {
      for (String region : request.selector().regions()) {
        List<ServiceSnapshot> services;
        try {
          services = cloudRun.listServices(project, region);
        } catch (ActivityFailure e) {
          return failed("could not list services in " + project + "/" + region + ": " + e.getCause().getMessage());
        }
        for (ServiceSnapshot s : services) {
          if (request.selector().matches(s)) {
            selected.add(new FleetTarget(s.service(), s.servingImage()));
          }
        }
      }
    }
    selected.sort(Comparator.comparing(t -> t.service().toString()));
    state.targets = List.copyOf(selected);
    state.waveEnds = Waves.cumulativeEnds(request.waves(), state.targets.size());
    state.failureLimit = request.failureLimit(state.targets.size());
    state.results.addAll(Collections.nCopies(state.targets.size(), null));
    log.info("fleet {}: {} selected, image {}, waves {}", fleetId, state.targets.size(), state.digest,
        state.waveEnds);
    if (state.targets.isEmpty()) {
      return failed("no service matched the selector");
    }
    return true;
  }

  private boolean failed(String why) {
    state.phase = FleetPhase.FAILED;
    state.message = why;
    log.warn("fleet {}: {}", fleetId, why);
    return false;
  }

  // ---- waves -------------------------------------------------------------------------------------

  private void releaseWaves() {
    while (state.wave < state.waveEnds.size()) {
      int end = state.waveEnds.get(state.wave);
      while (state.nextIndex < end) {
        if (!awaitStartSlot(state.nextIndex)) {
          return;
        }
        start(state.nextIndex, false);
        state.nextIndex++;
        continueAsNewIfDue();
      }
      awaitSettling(state.inFlight::isEmpty);
      if (stopStarting()) {
        return;
      }
      if (state.wave == state.waveEnds.size() - 1) {
        state.wave++;
        return;
      }
      passGates();
      if (state.abort != null) {
        return;
      }
      state.wave++;
      continueAsNewIfDue();
    }
  }

  private void passGates() {
    Duration bake = request.bakeTime();
    if (bake != null && !bake.isZero()) {
      state.phase = FleetPhase.BAKING;
      Workflow.await(bake, () -> state.abort != null);
    }
    if (request.approvalBetweenWaves() && state.abort == null) {
      state.phase = FleetPhase.AWAITING_APPROVAL;
      approved = false;
      awaitingApproval = true;
      Workflow.await(() -> approved || state.abort != null);
      awaitingApproval = false;
    }
    state.phase = FleetPhase.RELEASING;
  }

  /**
   * Waits until service {@code index} may start: not paused, below max in flight, and its region's
   * pacing slot reached. False if starting has stopped for good (abort or failure budget).
   */
  private boolean awaitStartSlot(int index) {
    String region = state.targets.get(index).service().region();
    while (true) {
      awaitSettling(() -> stopStarting() || (!state.paused && state.inFlight.size() < request.maxInFlight()));
      if (stopStarting()) {
        return false;
      }
      long delay = pacer.delay(region, Workflow.currentTimeMillis());
      if (delay == 0) {
        return true;
      }
      Workflow.await(Duration.ofMillis(delay), () -> stopStarting() || state.paused);
    }
  }

  private boolean stopStarting() {
    return state.abort != null || failures >= state.failureLimit;
  }

  // ---- abort with rollback -----------------------------------------------------------------------

  /** Releases every service this fleet promoted back to the image it served at selection. */
  private void restorePromoted() {
    state.phase = FleetPhase.ROLLING_BACK;
    while (state.restoreNext < state.targets.size()) {
      int index = state.restoreNext;
      ServiceResult result = state.results.get(index);
      String previous = state.targets.get(index).previousImage();
      if (result != null && result.outcome() == ServiceOutcome.PROMOTED && previous != null
          && !previous.equals(state.digest)) {
        String region = state.targets.get(index).service().region();
        while (true) {
          awaitSettling(() -> state.inFlight.size() < request.maxInFlight());
          long delay = pacer.delay(region, Workflow.currentTimeMillis());
          if (delay == 0) {
            break;
          }
          Workflow.sleep(Duration.ofMillis(delay));
        }
        start(index, true);
      }
      state.restoreNext++;
      continueAsNewIfDue();
    }
    awaitSettling(state.inFlight::isEmpty);
  }

  // ---- overdue replies ---------------------------------------------------------------------------

  /**
   * Waits until {@code condition} holds. Meanwhile, each request whose reply is {@link #REPLY_TIMEOUT}
   * overdue is looked up at its entity and settled from what it shows (see {@link OverdueReplies}), so
   * a reply that never comes (entity terminated or reset) cannot hold the fleet for ever. Fleets that
   * started waiting before this existed (version DEFAULT) wait for replies only, as they did then.
   */
  private void awaitSettling(Supplier<Boolean> condition) {
    if (overdueVersion == null) {
      overdueVersion = Workflow.getVersion(OVERDUE_REPLIES_CHANGE, Workflow.DEFAULT_VERSION, 1);
    }
    if (overdueVersion == Workflow.DEFAULT_VERSION) {
      Workflow.await(condition);
      return;
    }
    long timeout = REPLY_TIMEOUT.toMillis();
    while (!condition.get()) {
      Map.Entry<String, InFlight> next = state.inFlight.entrySet().stream()
          .min(Comparator.comparingLong(e -> e.getValue().dueAt(timeout)))
          .orElse(null);
      if (next == null) {
        // Only the main flow adds requests, so none can become overdue while this waits.
        Workflow.await(condition);
        return;
      }
      String key = next.getKey();
      long wait = next.getValue().dueAt(timeout) - Workflow.currentTimeMillis();
      if (wait > 0) {
        Workflow.await(Duration.ofMillis(wait), () -> condition.get() || !state.inFlight.containsKey(key));
      } else {
        lookUp(key, next.getValue());
      }
    }
  }

  /** Asks the entity what became of request {@code key} and settles it, unless it is still pending. */
  private void lookUp(String key, InFlight request) {
    FleetTarget target = state.targets.get(request.index());
    String image = request.restore() ? target.previousImage() : state.digest;
    state.inFlight.put(key, request.askedAt(Workflow.currentTimeMillis()));
    log.info("fleet {}: no reply for {} within {}, asking its entity", fleetId, target.service(), REPLY_TIMEOUT);
    FleetReply reply;
    try {
      reply = submitter.lookUp(target.service(), key, image, request.startedAt());
    } catch (ActivityFailure e) {
      log.warn("fleet {}: could not ask about {}, asking again later: {}", fleetId, target.service(),
          e.getCause().getMessage());
      return;
    }
    if (reply == null) {
      log.info("fleet {}: {} is still pending at its entity", fleetId, target.service());
      return;
    }
    settle(reply, "look-up");
  }

  // ---- one request -------------------------------------------------------------------------------

  private void start(int index, boolean restore) {
    FleetTarget target = state.targets.get(index);
    String key = "fleet:" + state.fleetRunId + (restore ? ":restore:" : ":release:") + target.service();
    String image = restore ? target.previousImage() : state.digest;
    long now = Workflow.currentTimeMillis();
    state.inFlight.put(key, new InFlight(index, restore, now));
    pacer.started(target.service().region(), now);
    startsThisRun++;
    ReleaseSubmission submission =
        new ReleaseSubmission(
            image, null, null, request.policy(), "fleet:" + fleetId, key, request.requestedBy(),
            QueueMode.NEWEST_WINS, fleetId);
    try {
      submitter.submit(target.service(), submission);
    } catch (ActivityFailure e) {
      // The reply may not come; settle it here unless it already did.
      if (state.inFlight.remove(key) != null) {
        String why = "could not submit: " + e.getCause().getMessage();
        ServiceOutcome outcome = restore ? ServiceOutcome.RESTORE_FAILED : ServiceOutcome.FAILED;
        state.results.set(index, new ServiceResult(target.service(), outcome, null, why));
        if (outcome.countsAsFailure()) {
          failures++;
        }
      }
    }
  }

  private static ServiceOutcome releaseOutcome(FleetReply reply) {
    return switch (reply.outcome()) {
      case FINISHED -> reply.phase() == Phase.PROMOTED ? ServiceOutcome.PROMOTED : ServiceOutcome.FAILED;
      case UNCHANGED -> ServiceOutcome.UNCHANGED;
      case SUPERSEDED -> ServiceOutcome.SUPERSEDED;
      case REJECTED -> ServiceOutcome.FAILED;
    };
  }

  private static ServiceOutcome restoreOutcome(FleetReply reply) {
    return reply.promoted() || reply.outcome() == FleetReply.Outcome.UNCHANGED
        ? ServiceOutcome.RESTORED
        : ServiceOutcome.RESTORE_FAILED;
  }

  private int untouched() {
    int settled = (int) state.results.stream().filter(r -> r != null).count();
    return state.targets.size() - settled - state.inFlight.size();
  }

  // ---- continue-as-new ---------------------------------------------------------------------------

  private void continueAsNewIfDue() {
    boolean due = startsThisRun >= request.servicesPerRun()
        || Workflow.getInfo().getHistoryLength() >= HISTORY_LIMIT
        || Workflow.getInfo().isContinueAsNewSuggested();
    if (!due) {
      return;
    }
    Workflow.await(Workflow::isEveryHandlerFinished);
    state.generation++;
    log.info("fleet {}: continuing as new (generation {}), {} in flight", fleetId, state.generation, state.inFlight.size());
    Workflow.continueAsNew(new FleetInput(request, state));
  }
}
