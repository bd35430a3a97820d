package dev.runshift.release;

import dev.runshift.events.ReleaseEvent;
import dev.runshift.health.Verdict;
import dev.runshift.metrics.RunshiftMetrics;
import io.temporal.common.SearchAttributeUpdate;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * What a release reports about itself: its phase, the failure it waits on, its last verdict, and every
 * event ({@link ReleaseEvent}), each timestamped in workflow time with an id stable across replays; the
 * decisions are the events' lines, each logged once. Also keeps the workflow's current details (Temporal
 * UI) and, when registered, its search attributes in step with the phase, and counts what happened in
 * {@link RunshiftMetrics} (replay-safe: through the workflow's metrics scope). Recording adds no command:
 * a {@linkplain #onEvent listener} that sends events out is the workflow's to version.
 */
final class ReleaseJournal {
  private static final Logger log = Workflow.getLogger(ReleaseJournal.class);

  static final String IMAGE_ATTRIBUTE_CHANGE = "release-image-attribute";

  /** Makes an event given its id and time: the journal numbers and timestamps every event in one place. */
  @FunctionalInterface
  interface EventFactory {
    ReleaseEvent create(String id, long atEpochMillis);
  }

  private List<ReleaseEvent> events = new ArrayList<>();
  /** Events recorded so far, thinned or not: the next event's number. */
  private int recorded;
  private Consumer<ReleaseEvent> listener = event -> {};
  private String releaseId = "?";
  private boolean searchAttributes;
  private Phase phase = Phase.PENDING;
  private StepFailure failure;
  private boolean failureSkippable;
  private Verdict lastVerdict;
  private long percent = -1;
  private long phaseSince;

  /** Also puts {@code service} and {@code release} in the logging MDC of the workflow's thread. */
  void start(String releaseId, String service) {
    this.releaseId = releaseId;
    this.searchAttributes =
        Workflow.getTypedSearchAttributes().containsKey(ReleaseSearchAttributes.PHASE);
    this.phaseSince = Workflow.currentTimeMillis();
    MDC.put("service", service);
    MDC.put("release", releaseId);
    RunshiftMetrics.releaseStarted(Workflow.getMetricsScope());
  }

  /**
   * The image once known (built from source): its search attribute is set then. Releases that were built
   * before this existed (version DEFAULT) keep it unset.
   */
  void image(String image) {
    if (searchAttributes && !Workflow.getTypedSearchAttributes().containsKey(ReleaseSearchAttributes.IMAGE)
        && Workflow.getVersion(IMAGE_ATTRIBUTE_CHANGE, Workflow.DEFAULT_VERSION, 1) == 1) {
      Workflow.upsertTypedSearchAttributes(SearchAttributeUpdate.valueSet(ReleaseSearchAttributes.IMAGE, image));
    }
  }

  /** Traffic went back to the map from before the release. */
  void rolledBack() {
    RunshiftMetrics.rolledBack(Workflow.getMetricsScope());
  }

  /** Every event recorded after this call is also given to {@code listener}, in order. */
  void onEvent(Consumer<ReleaseEvent> listener) {
    this.listener = listener;
  }

  /**
   * Records the event {@code factory} makes with the next id, now; logs it when it is a decision. The
   * journal keeps at most {@link VerdictThinning#MAX_VERDICTS} verdicts (the listener still sees each).
   */
  ReleaseEvent record(EventFactory factory) {
    ReleaseEvent event = factory.create(releaseId + "-" + (++recorded), Workflow.currentTimeMillis());
    events.add(event);
    if (event instanceof ReleaseEvent.VerdictGiven) {
      List<ReleaseEvent> thinned = VerdictThinning.thin(events, VerdictThinning.MAX_VERDICTS);
      if (thinned != events) {
        events = new ArrayList<>(thinned);
      }
    }
    if (event.decision()) {
      log.info("release {}: {}{}{}", releaseId, event.what(), event.reason() == null ? "" : ": " + event.reason(),
          event.by() == null ? "" : " (by " + event.by() + ")");
    }
    listener.accept(event);
    return event;
  }

  /** Records a decision that has no event kind of its own ({@link ReleaseEvent.Noted}). */
  void decide(String what, String reason, String by) {
    record((id, at) -> new ReleaseEvent.Noted(id, at, what, reason, by));
  }

  void decide(String what, String reason) {
    decide(what, reason, null);
  }

  void phase(Phase next) {
    if (next == phase) {
      return;
    }
    long now = Workflow.currentTimeMillis();
    RunshiftMetrics.stepTime(Workflow.getMetricsScope(), phase, now - phaseSince);
    phaseSince = now;
    if (next.isFinal()) {
      RunshiftMetrics.releaseFinished(Workflow.getMetricsScope(), next);
    }
    phase = next;
    if (searchAttributes) {
      Workflow.upsertTypedSearchAttributes(
          SearchAttributeUpdate.valueSet(ReleaseSearchAttributes.PHASE, next.name()));
    }
    updateDetails();
  }

  void candidatePercent(int candidatePercent) {
    if (candidatePercent == percent) {
      return;
    }
    percent = candidatePercent;
    if (searchAttributes) {
      Workflow.upsertTypedSearchAttributes(
          SearchAttributeUpdate.valueSet(ReleaseSearchAttributes.CANDIDATE_PERCENT, (long) candidatePercent));
    }
    updateDetails();
  }

  void fail(StepFailure stepFailure, boolean skippable) {
    failure = stepFailure;
    failureSkippable = skippable;
    phase(Phase.AWAITING_OPERATOR);
    String choices = skippable ? "retry, skip or abort"
        : StepFailures.ROLLBACK.equals(stepFailure.step()) ? "retry" : "retry or abort";
    record((id, at) -> new ReleaseEvent.AwaitingOperator(
        id, at, stepFailure.step(), stepFailure.type(), stepFailure.message(), choices));
    updateDetails();
  }

  void clearFailure() {
    failure = null;
    failureSkippable = false;
  }

  /**
   * Records the verdict of a look with the candidate at {@code percent}; {@code decisive} when it is a
   * decision (a change of health, or unhealthy).
   */
  void verdict(int percent, Verdict verdict, boolean decisive) {
    lastVerdict = verdict;
    RunshiftMetrics.verdict(Workflow.getMetricsScope(), verdict.health());
    record((id, at) -> new ReleaseEvent.VerdictGiven(id, at, percent, verdict, decisive));
    updateDetails();
  }

  Phase phase() {
    return phase;
  }

  StepFailure failure() {
    return failure;
  }

  boolean failureSkippable() {
    return failureSkippable;
  }

  Verdict lastVerdict() {
    return lastVerdict;
  }

  /** The decisions: the line of every event that is one, in order. */
  List<Decision> decisions() {
    return events.stream()
        .filter(ReleaseEvent::decision)
        .map(e -> new Decision(e.at(), e.what(), e.reason(), e.by()))
        .toList();
  }

  List<ReleaseEvent> events() {
    return List.copyOf(events);
  }

  private void updateDetails() {
    StringBuilder details = new StringBuilder("**").append(phase).append("**");
    if (percent >= 0) {
      details.append(" · candidate at ").append(percent).append('%');
    }
    if (failure != null) {
      details.append("\n\n").append(failure.message());
    } else if (lastVerdict != null && !phase.isFinal()) {
      details.append("\n\n").append(lastVerdict.health()).append(": ").append(lastVerdict.reason());
    }
    Workflow.setCurrentDetails(details.toString());
  }
}
