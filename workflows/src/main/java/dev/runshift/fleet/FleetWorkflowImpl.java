package dev.runshift.fleet;

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
import java.util.LinkedHashMap;
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

  private String fleetRunId;
  private String digest;
  private List<FleetTarget> targets = List.of();
  private List<Integer> waveEnds = List.of();
  private int failureLimit = Integer.MAX_VALUE;
  private final List<ServiceResult> results;
  private final Map<String, InFlight> inFlight;
  private StartPacer pacer;
  private int nextIndex;
  private int wave;
  private FleetPhase phase = FleetPhase.SELECTING;
  private boolean paused;
  private String pauseReason;
  private FleetAbort abort;
  private int restoreNext;
  private final int generation;
  private long startedAt;
  private String message;

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
    FleetState s = input.state();
    if (s == null) {
      results = new ArrayList<>();
      inFlight = new LinkedHashMap<>();
      generation = 0;
      pacer = new StartPacer(request.writesPerMinutePerRegion(), request.effectiveWritesPerRelease(), Map.of());
      return;
    }
    fleetRunId = s.fleetRunId();
    digest = s.digest();
    targets = s.targets();
    waveEnds = s.waveEnds();
    failureLimit = s.failureLimit();
    results = new ArrayList<>(s.results());
    inFlight = new LinkedHashMap<>(s.inFlight());
    pacer = new StartPacer(request.writesPerMinutePerRegion(), request.effectiveWritesPerRelease(), s.pacer());
    nextIndex = s.nextIndex();
    wave = s.wave();
    phase = s.phase();
    paused = s.paused();
    pauseReason = s.pauseReason();
    abort = s.abort();
    restoreNext = s.restoreNext();
    generation = s.generation();
    startedAt = s.startedAt();
    message = s.message();
    failures = (int) results.stream().filter(r -> r != null && r.outcome().countsAsFailure()).count();
  }

  @Override
  public FleetStatus run(FleetInput input) {
    if (input.state() == null && !select()) {
      return status();
    }
    if (phase != FleetPhase.ROLLING_BACK) {
      phase = FleetPhase.RELEASING;
      releaseWaves();
      awaitSettling(inFlight::isEmpty);
    }
    if (abort != null && abort.rollbackPromoted()) {
      restorePromoted();
    }
    if (abort != null) {
      phase = FleetPhase.ABORTED;
      message = "aborted: " + abort.reason();
    } else if (failures >= failureLimit) {
      phase = FleetPhase.STOPPED_BY_BUDGET;
      message = failures + " failed release(s) spent the failure budget of " + failureLimit
          + "; " + untouched() + " service(s) left untouched";
    } else {
      phase = FleetPhase.COMPLETED;
    }
    log.info("fleet {}: {} {}", fleetId, phase, message == null ? "" : message);
    return status();
  }

  // ---- handlers: record only, never block --------------------------------------------------------

  @Override
  public void releaseFinished(FleetReply reply) {
    settle(reply, "reply");
  }

  /** Records how one request ended, from its entity's reply or the fleet's own look-up; once per request. */
  private void settle(FleetReply reply, String source) {
    InFlight request = reply == null ? null : inFlight.remove(reply.requestKey());
    if (request == null) {
      log.info("fleet {}: {} for a request it is not waiting for: {}", fleetId, source, reply);
      return;
    }
    ServiceOutcome outcome = request.restore() ? restoreOutcome(reply) : releaseOutcome(reply);
    String reason = reply.phase() == null ? reply.reason() : reply.phase() + ": " + reply.reason();
    results.set(request.index(), new ServiceResult(reply.service(), outcome, reply.releaseId(), reason));
    if (outcome.countsAsFailure()) {
      failures++;
      log.warn("fleet {}: {} failed: {}", fleetId, reply.service(), reason);
    }
  }

  @Override
  public void pause(String reason) {
    paused = true;
    pauseReason = reason;
  }

  @Override
  public void resume(String reason) {
    paused = false;
    pauseReason = null;
  }

  @Override
  public void abort(FleetAbort request) {
    if (abort == null && !phase.isFinal()) {
      abort = request == null ? new FleetAbort("aborted", false) : request;
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
    for (ServiceResult r : results) {
      if (r != null) {
        counts.merge(r.outcome(), 1, Integer::sum);
        if (r.outcome() == ServiceOutcome.FAILED || r.outcome() == ServiceOutcome.RESTORE_FAILED) {
          failed.add(r);
        }
      }
    }
    List<String> running = inFlight.values().stream()
        .map(f -> targets.get(f.index()).service().toString() + (f.restore() ? " (restore)" : ""))
        .toList();
    List<ServiceRef> releasing = inFlight.values().stream()
        .filter(f -> !f.restore())
        .map(f -> targets.get(f.index()).service())
        .toList();
    FleetPhase shown = paused && phase == FleetPhase.RELEASING ? FleetPhase.PAUSED : phase;
    return new FleetStatus(
        fleetId, digest, shown, targets.size(), Math.min(wave + 1, waveEnds.size()), waveEnds.size(), waveEnds,
        nextIndex, counts, running, failed, untouched(), failureLimit, paused, pauseReason, abort, generation,
        startedAt, Workflow.currentTimeMillis(), message, releasing);
  }

  // ---- selection ---------------------------------------------------------------------------------

  /** Resolves the image and selects the services; false (phase FAILED) if there is nothing to do. */
  private boolean select() {
    fleetRunId = Workflow.randomUUID().toString();
    startedAt = Workflow.currentTimeMillis();
    try {
      request.validated();
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), "InvalidFleetRequest");
    }
    try {
      digest = ImageNames.isDigest(request.image()) ? request.image() : registry.resolveDigest(request.image());
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
    targets = List.copyOf(selected);
    waveEnds = Waves.cumulativeEnds(request.waves(), targets.size());
    failureLimit = request.failureLimit(targets.size());
    results.addAll(Collections.nCopies(targets.size(), null));
    log.info("fleet {}: {} selected, image {}, waves {}", fleetId, targets.size(), digest, waveEnds);
    if (targets.isEmpty()) {
      return failed("no service matched the selector");
    }
    return true;
  }

  private boolean failed(String why) {
    phase = FleetPhase.FAILED;
    message = why;
    log.warn("fleet {}: {}", fleetId, why);
    return false;
  }

  // ---- waves -------------------------------------------------------------------------------------

  private void releaseWaves() {
    while (wave < waveEnds.size()) {
      int end = waveEnds.get(wave);
      while (nextIndex < end) {
        if (!awaitStartSlot(nextIndex)) {
          return;
        }
        start(nextIndex, false);
        nextIndex++;
        continueAsNewIfDue();
      }
      awaitSettling(inFlight::isEmpty);
      if (stopStarting()) {
        return;
      }
      if (wave == waveEnds.size() - 1) {
        wave++;
        return;
      }
      passGates();
      if (abort != null) {
        return;
      }
      wave++;
      continueAsNewIfDue();
    }
  }

  private void passGates() {
    Duration bake = request.bakeTime();
    if (bake != null && !bake.isZero()) {
      phase = FleetPhase.BAKING;
      Workflow.await(bake, () -> abort != null);
    }
    if (request.approvalBetweenWaves() && abort == null) {
      phase = FleetPhase.AWAITING_APPROVAL;
      approved = false;
      awaitingApproval = true;
      Workflow.await(() -> approved || abort != null);
      awaitingApproval = false;
    }
    phase = FleetPhase.RELEASING;
  }

  /**
   * Waits until service {@code index} may start: not paused, below max in flight, and its region's
   * pacing slot reached. False if starting has stopped for good (abort or failure budget).
   */
  private boolean awaitStartSlot(int index) {
    String region = targets.get(index).service().region();
    while (true) {
      awaitSettling(() -> stopStarting() || (!paused && inFlight.size() < request.maxInFlight()));
      if (stopStarting()) {
        return false;
      }
      long delay = pacer.delay(region, Workflow.currentTimeMillis());
      if (delay == 0) {
        return true;
      }
      Workflow.await(Duration.ofMillis(delay), () -> stopStarting() || paused);
    }
  }

  private boolean stopStarting() {
    return abort != null || failures >= failureLimit;
  }

  // ---- abort with rollback -----------------------------------------------------------------------

  /** Releases every service this fleet promoted back to the image it served at selection. */
  private void restorePromoted() {
    phase = FleetPhase.ROLLING_BACK;
    while (restoreNext < targets.size()) {
      int index = restoreNext;
      ServiceResult result = results.get(index);
      String previous = targets.get(index).previousImage();
      if (result != null && result.outcome() == ServiceOutcome.PROMOTED && previous != null
          && !previous.equals(digest)) {
        String region = targets.get(index).service().region();
        while (true) {
          awaitSettling(() -> inFlight.size() < request.maxInFlight());
          long delay = pacer.delay(region, Workflow.currentTimeMillis());
          if (delay == 0) {
            break;
          }
          Workflow.sleep(Duration.ofMillis(delay));
        }
        start(index, true);
      }
      restoreNext++;
      continueAsNewIfDue();
    }
    awaitSettling(inFlight::isEmpty);
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
      Map.Entry<String, InFlight> next = inFlight.entrySet().stream()
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
        Workflow.await(Duration.ofMillis(wait), () -> condition.get() || !inFlight.containsKey(key));
      } else {
        lookUp(key, next.getValue());
      }
    }
  }

  /** Asks the entity what became of request {@code key} and settles it, unless it is still pending. */
  private void lookUp(String key, InFlight request) {
    FleetTarget target = targets.get(request.index());
    String image = request.restore() ? target.previousImage() : digest;
    inFlight.put(key, request.askedAt(Workflow.currentTimeMillis()));
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
    FleetTarget target = targets.get(index);
    String key = "fleet:" + fleetRunId + (restore ? ":restore:" : ":release:") + target.service();
    String image = restore ? target.previousImage() : digest;
    long now = Workflow.currentTimeMillis();
    inFlight.put(key, new InFlight(index, restore, now));
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
      if (inFlight.remove(key) != null) {
        String why = "could not submit: " + e.getCause().getMessage();
        ServiceOutcome outcome = restore ? ServiceOutcome.RESTORE_FAILED : ServiceOutcome.FAILED;
        results.set(index, new ServiceResult(target.service(), outcome, null, why));
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
    int settled = (int) results.stream().filter(r -> r != null).count();
    return targets.size() - settled - inFlight.size();
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
    FleetState state =
        new FleetState(
            fleetRunId, digest, targets, waveEnds, failureLimit, results, inFlight, pacer.state(), nextIndex, wave,
            phase, paused, pauseReason, abort, restoreNext, generation + 1, startedAt, message);
    log.info("fleet {}: continuing as new (generation {}), {} in flight", fleetId, generation + 1, inFlight.size());
    Workflow.continueAsNew(new FleetInput(request, state));
  }
}
