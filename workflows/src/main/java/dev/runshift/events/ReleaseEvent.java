package dev.runshift.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.runshift.health.Verdict;
import dev.runshift.traffic.TrafficMap;
import java.util.List;

/**
 * Something that happened to a release, as the release journal records it: in workflow time ({@code at},
 * epoch milliseconds), with an id that is stable across replays and retries ({@code <releaseId>-<n>}, n
 * counting from 1 in the order of the release's events), and the data of what happened.
 *
 * <p>In JSON each event is an object with a {@code type} property naming its kind (the value of its
 * {@link JsonTypeName}, e.g. {@code "shifted"}) next to its components; see {@link #typeName}.
 *
 * <p>{@link #what()}, {@link #reason()} and {@link #by()} are the event's line in the release's decisions
 * (the {@code status} query's {@code decisions} are derived from the events whose {@link #decision()} is
 * true). They are not serialized: only the components are.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(ReleaseEvent.Started.class),
  @JsonSubTypes.Type(ReleaseEvent.Deployed.class),
  @JsonSubTypes.Type(ReleaseEvent.AwaitingApproval.class),
  @JsonSubTypes.Type(ReleaseEvent.Shifted.class),
  @JsonSubTypes.Type(ReleaseEvent.VerdictGiven.class),
  @JsonSubTypes.Type(ReleaseEvent.Paused.class),
  @JsonSubTypes.Type(ReleaseEvent.Resumed.class),
  @JsonSubTypes.Type(ReleaseEvent.AwaitingOperator.class),
  @JsonSubTypes.Type(ReleaseEvent.Retried.class),
  @JsonSubTypes.Type(ReleaseEvent.Skipped.class),
  @JsonSubTypes.Type(ReleaseEvent.Commanded.class),
  @JsonSubTypes.Type(ReleaseEvent.TrafficRestored.class),
  @JsonSubTypes.Type(ReleaseEvent.RolledBack.class),
  @JsonSubTypes.Type(ReleaseEvent.Promoted.class),
  @JsonSubTypes.Type(ReleaseEvent.Aborted.class),
  @JsonSubTypes.Type(ReleaseEvent.NotificationLost.class),
  @JsonSubTypes.Type(ReleaseEvent.Noted.class)
})
public sealed interface ReleaseEvent {

  /** {@code <releaseId>-<n>}: the same event always has the same id (deduplicate deliveries on it). */
  String id();

  /** When it happened, in workflow time (epoch milliseconds). */
  long at();

  /** What happened, in a few words (its decision line). */
  String what();

  /** Why, or the detail (its decision line); may be null. */
  String reason();

  /** Who caused it when not the release itself: an operator, the origin of the request; else null. */
  default String by() {
    return null;
  }

  /** Whether it is one of the release's decisions; false only for a look that repeats the last health. */
  default boolean decision() {
    return true;
  }

  /** Whether the release ends with it: promoted, rolled back or aborted. */
  default boolean terminal() {
    return false;
  }

  /** The event's kind as written in its JSON {@code type}, e.g. {@code verdict}. */
  static String typeName(ReleaseEvent event) {
    return event.getClass().getAnnotation(JsonTypeName.class).value();
  }

  /** The release began: what it deploys, how, and who asked (the request's origin). */
  @JsonTypeName("started")
  record Started(String id, long at, String image, String candidateRevision, List<Integer> steps, String origin)
      implements ReleaseEvent {
    @Override
    public String what() {
      return "release started";
    }

    @Override
    public String reason() {
      return "candidate " + candidateRevision + ", steps " + steps;
    }

    @Override
    public String by() {
      return origin;
    }
  }

  /** The candidate revision serves no traffic yet; {@code previousTraffic} is what a rollback restores. */
  @JsonTypeName("deployed")
  record Deployed(String id, long at, String candidateRevision, TrafficMap previousTraffic, List<String> stableRevisions)
      implements ReleaseEvent {
    @Override
    public String what() {
      return "deployed " + candidateRevision + " with no traffic";
    }

    @Override
    public String reason() {
      return "rollback target " + previousTraffic + ", stable " + stableRevisions;
    }
  }

  /** The next step is gated: the release waits for {@code approve} before shifting to {@code percent}. */
  @JsonTypeName("awaiting-approval")
  record AwaitingApproval(String id, long at, int percent) implements ReleaseEvent {
    @Override
    public String what() {
      return "awaiting approval";
    }

    @Override
    public String reason() {
      return "before shifting to " + percent + "%";
    }
  }

  /** Traffic was shifted: the candidate now has {@code percent} of it; {@code traffic} is the whole map. */
  @JsonTypeName("shifted")
  record Shifted(String id, long at, int percent, TrafficMap traffic) implements ReleaseEvent {
    @Override
    public String what() {
      return "shifted to " + percent + "%";
    }

    @Override
    public String reason() {
      return String.valueOf(traffic);
    }
  }

  /**
   * One look at a step with the candidate at {@code percent}: the verdict with its evidence (counts, rates
   * and their intervals, the ratio interval; see {@link Verdict}). Every look is recorded;
   * {@code decisive} is true when the health differs from the previous look's or is unhealthy, and only
   * those are decisions and are notified.
   */
  @JsonTypeName("verdict")
  record VerdictGiven(String id, long at, int percent, Verdict verdict, boolean decisive) implements ReleaseEvent {
    @Override
    public String what() {
      return "verdict at " + percent + "%: " + verdict.health();
    }

    @Override
    public String reason() {
      return verdict.reason();
    }

    @Override
    public boolean decision() {
      return decisive;
    }
  }

  /** An operator paused the release ({@code effect}: what it does now). */
  @JsonTypeName("paused")
  record Paused(String id, long at, String effect, String reason, String by) implements ReleaseEvent {
    @Override
    public String what() {
      return "pause: " + effect;
    }
  }

  /** An operator resumed the release. */
  @JsonTypeName("resumed")
  record Resumed(String id, long at, String effect, String reason, String by) implements ReleaseEvent {
    @Override
    public String what() {
      return "resume: " + effect;
    }
  }

  /**
   * A step failed for good and the release waits for an operator: the step, the failure type, the message
   * and the choices the operator has (e.g. {@code retry, skip or abort}).
   */
  @JsonTypeName("awaiting-operator")
  record AwaitingOperator(String id, long at, String step, String failureType, String message, String choices)
      implements ReleaseEvent {
    @Override
    public String what() {
      return "awaiting operator";
    }

    @Override
    public String reason() {
      return message + " (" + choices + ")";
    }
  }

  /** An operator asked to retry the failed step. */
  @JsonTypeName("retried")
  record Retried(String id, long at, String effect, String reason, String by) implements ReleaseEvent {
    @Override
    public String what() {
      return "retry: " + effect;
    }
  }

  /** An operator skipped the failed step. */
  @JsonTypeName("skipped")
  record Skipped(String id, long at, String effect, String reason, String by) implements ReleaseEvent {
    @Override
    public String what() {
      return "skip: " + effect;
    }
  }

  /** Another accepted operator command ({@code approve}, {@code promote}, {@code abort}) and its effect. */
  @JsonTypeName("command")
  record Commanded(String id, long at, String command, String effect, String reason, String by)
      implements ReleaseEvent {
    @Override
    public String what() {
      return command + ": " + effect;
    }
  }

  /** Traffic was restored to exactly what served before the release ({@code traffic}). */
  @JsonTypeName("traffic-restored")
  record TrafficRestored(String id, long at, TrafficMap traffic) implements ReleaseEvent {
    @Override
    public String what() {
      return "rolled back";
    }

    @Override
    public String reason() {
      return String.valueOf(traffic);
    }
  }

  /** How the release ended: the last event of every release that finishes. */
  sealed interface Ending extends ReleaseEvent permits RolledBack, Promoted, Aborted {
    /** The traffic the release left. */
    TrafficMap traffic();

    @Override
    default boolean terminal() {
      return true;
    }
  }

  /** The release ended rolled back, leaving {@code traffic}. */
  @JsonTypeName("rolled-back")
  record RolledBack(String id, long at, String reason, TrafficMap traffic) implements Ending {
    @Override
    public String what() {
      return "rolled_back";
    }
  }

  /** The release ended promoted: the candidate serves {@code traffic}. */
  @JsonTypeName("promoted")
  record Promoted(String id, long at, String reason, TrafficMap traffic) implements Ending {
    @Override
    public String what() {
      return "promoted";
    }
  }

  /** The release ended aborted, leaving {@code traffic}. */
  @JsonTypeName("aborted")
  record Aborted(String id, long at, String reason, TrafficMap traffic) implements Ending {
    @Override
    public String what() {
      return "aborted";
    }
  }

  /** The notification of event {@code eventId} could not be delivered after its retries ({@code error}). */
  @JsonTypeName("notification-lost")
  record NotificationLost(String id, long at, String eventId, String eventType, String error) implements ReleaseEvent {
    @Override
    public String what() {
      return "notification lost";
    }

    @Override
    public String reason() {
      return eventType + " event " + eventId + ": " + error;
    }
  }

  /**
   * Any other decision, in words: built, tests and smoke checks passed or skipped, the baseline read, a
   * failed metrics read, rolling back and why, re-read traffic, an ignored signal.
   */
  @JsonTypeName("noted")
  record Noted(String id, long at, String what, String reason, String by) implements ReleaseEvent {}
}
