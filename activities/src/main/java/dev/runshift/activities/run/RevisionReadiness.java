package dev.runshift.activities.run;

import com.google.cloud.run.v2.Condition;
import com.google.cloud.run.v2.Revision;
import java.util.Optional;

/** Whether a Cloud Run revision is ready to serve, as its {@code Ready} condition says. */
public enum RevisionReadiness {
  READY,
  FAILED,
  PENDING;

  static final String READY_CONDITION = "Ready";

  public static RevisionReadiness of(Revision revision) {
    Optional<Condition> ready = readyCondition(revision);
    if (ready.isPresent() && ready.get().getState() == Condition.State.CONDITION_FAILED) {
      return FAILED;
    }
    if (!revision.getReconciling()
        && ready.isPresent()
        && ready.get().getState() == Condition.State.CONDITION_SUCCEEDED) {
      return READY;
    }
    return PENDING;
  }

  /** The message of the revision's Ready condition, or a generic one when it has none. */
  public static String message(Revision revision) {
    return readyCondition(revision)
        .map(Condition::getMessage)
        .filter(m -> !m.isEmpty())
        .orElse("revision " + TrafficMapper.shortName(revision.getName()) + " did not become ready");
  }

  static Optional<Condition> readyCondition(Revision revision) {
    return revision.getConditionsList().stream().filter(c -> READY_CONDITION.equals(c.getType())).findFirst();
  }
}
