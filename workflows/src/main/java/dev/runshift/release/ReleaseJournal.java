package dev.runshift.release;

import dev.runshift.health.Verdict;
import io.temporal.common.SearchAttributeUpdate;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * What a release reports about itself: its phase, the failure it waits on, its last verdict, and every
 * decision, each timestamped in workflow time and logged on one line. Also keeps the workflow's current
 * details (Temporal UI) and, when registered, its search attributes in step with the phase.
 */
final class ReleaseJournal {
  private static final Logger log = Workflow.getLogger(ReleaseJournal.class);

  private final List<Decision> decisions = new ArrayList<>();
  private String releaseId = "?";
  private boolean searchAttributes;
  private Phase phase = Phase.PENDING;
  private StepFailure failure;
  private boolean failureSkippable;
  private Verdict lastVerdict;
  private long percent = -1;

  void start(String releaseId) {
    this.releaseId = releaseId;
    this.searchAttributes =
        Workflow.getTypedSearchAttributes().containsKey(ReleaseSearchAttributes.PHASE);
  }

  void decide(String what, String reason, String by) {
    decide(what, reason, by, null);
  }

  /** A decision asked for by {@code by} (self-asserted) from Temporal client {@code identity}. */
  void decide(String what, String reason, String by, String identity) {
    decisions.add(new Decision(Workflow.currentTimeMillis(), what, reason, by, identity));
    log.info("release {}: {}{}{}", releaseId, what, reason == null ? "" : ": " + reason,
        by == null ? "" : " (by " + by + ")");
  }

  void decide(String what, String reason) {
    decide(what, reason, null);
  }

  void phase(Phase next) {
    if (next == phase) {
      return;
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
    decide("awaiting operator", stepFailure.message()
        + (skippable ? " (retry, skip or abort)" : StepFailures.ROLLBACK.equals(stepFailure.step())
            ? " (retry)" : " (retry or abort)"));
    updateDetails();
  }

  void clearFailure() {
    failure = null;
    failureSkippable = false;
  }

  void verdict(Verdict verdict) {
    lastVerdict = verdict;
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

  List<Decision> decisions() {
    return List.copyOf(decisions);
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
