package dev.runshift.service;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import dev.runshift.ports.ServiceRef;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a service entity on Temporal's time-skipping test server without depending on how much real
 * time passes. Every wait ends on something Temporal (or a fake) shows, and fails after {@link #DEADLINE}
 * of real time with what it saw instead of hanging.
 *
 * <p>Why the entity is not simply polled with {@code status()} between {@code env.sleep} steps: a query
 * that reaches the entity while its continue-as-new workflow task runs is buffered behind that task, and
 * the test server (temporal-testing 1.38) then fails the task's completion half-way, after it has already
 * started the new run: the old run's workflow task never releases its lock on time skipping, so from then
 * on workflow time only moves with the wall clock (every {@code env.sleep(5 s)} takes 5 real seconds, a
 * release two real minutes). An {@code env.sleep} step ends in the middle of that task whenever the wall
 * clock reaches the step's end while the task (or the release ending just before it) holds time, which
 * happens more often the busier the machine. So these waits read the entity's history instead, which is
 * never buffered behind a task, and query the entity only once no continue-as-new can be in flight.
 *
 * <p>Why not block on the release workflow's result ({@code getResult} unlocks time skipping meanwhile):
 * the client locks time again only after the result arrives, and if by then everything is idle the server
 * has already skipped to the next timer, the entity's ten-year run timeout, which ends the entity. Time
 * passes here only through {@code env.sleep}, which never skips beyond its own end.
 */
public final class EntityWaits {
  /** Real time any one wait may take before the test fails; nothing here needs more than a few seconds. */
  public static final Duration DEADLINE = Duration.ofSeconds(90);
  /** The most workflow time one step of a wait lets pass: far shorter than any soak the tests use. */
  static final Duration STEP = Duration.ofSeconds(5);

  private static final Set<EventType> CHILD_ENDED = Set.of(
      EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED,
      EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED,
      EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED,
      EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT,
      EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED,
      EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED);

  private final TestWorkflowEnvironment env;
  private final WorkflowClient client;
  private final String entityId;
  private final Supplier<String> context;

  /** {@code context} adds what the test knows (a journal, say) to a failure's message. */
  public EntityWaits(TestWorkflowEnvironment env, WorkflowClient client, ServiceRef service, Supplier<String> context) {
    this.env = env;
    this.client = client;
    this.entityId = ServiceIds.entityId(service);
    this.context = context;
  }

  /**
   * Blocks until the entity has handled the end of {@code releases} releases (counted over all its runs),
   * letting workflow time skip in steps of {@link #STEP} while a release runs. Afterwards the entity has
   * recorded them and any continue-as-new that followed is done, so it may be queried.
   */
  public void awaitReleasesHandled(int releases) {
    long end = deadline();
    while (true) {
      Releases seen = releases();
      if (seen.handled >= releases) {
        return;
      }
      if (System.nanoTime() - end > 0) {
        fail("the entity did not handle the end of " + releases + " releases within " + DEADLINE + " (real time); "
            + seen + describe());
      }
      if (seen.running.isEmpty()) {
        // A release is starting, or one has ended and the entity is handling it: neither needs workflow time.
        pause();
      } else {
        env.sleep(STEP);
      }
    }
  }

  /** Blocks, without letting workflow time pass, until the entity has started {@code releases} releases. */
  public void awaitReleasesStarted(int releases) {
    awaitWithoutTime(() -> releases().started >= releases, releases + " releases started");
  }

  /**
   * Blocks, without letting workflow time pass (it still moves with the wall clock, as always while the
   * test is not waiting), until {@code condition} holds. For what follows from what the test just did.
   */
  public void awaitWithoutTime(BooleanSupplier condition, String what) {
    long end = deadline();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - end > 0) {
        fail("never reached within " + DEADLINE + " (real time): " + what + describe());
      }
      pause();
    }
  }

  /**
   * Lets {@code duration} of workflow time pass, skipped: returns once nothing is left to run before it.
   * Fails instead of hanging if time skipping is locked.
   */
  public void letTimePass(Duration duration) {
    assertTimeoutPreemptively(DEADLINE, () -> env.sleep(duration),
        () -> duration + " of workflow time did not pass within " + DEADLINE
            + " (real time): time skipping is locked" + describe());
  }

  // ---- reading the entity's history ------------------------------------------------------------

  /** What the entity's histories show about its releases. */
  private record Releases(int started, int handled, List<String> running) {
    @Override
    public String toString() {
      return "releases started " + started + ", handled " + handled + ", running " + running;
    }
  }

  /**
   * Counts, over all runs, the releases started and those handled (the release's end followed by a
   * completed workflow task of the entity, in the same run), and lists those started and not ended.
   */
  private Releases releases() {
    int started = 0;
    int handled = 0;
    Set<String> running = new LinkedHashSet<>();
    for (List<HistoryEvent> run : runs()) {
      int endedUnhandled = 0;
      for (HistoryEvent event : run) {
        EventType type = event.getEventType();
        if (type == EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED) {
          started++;
          running.add(event.getChildWorkflowExecutionStartedEventAttributes().getWorkflowExecution().getWorkflowId());
        } else if (CHILD_ENDED.contains(type)) {
          running.remove(childId(event));
          endedUnhandled++;
        } else if (type == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) {
          handled += endedUnhandled;
          endedUnhandled = 0;
        }
      }
    }
    return new Releases(started, handled, List.copyOf(running));
  }

  private static String childId(HistoryEvent event) {
    return switch (event.getEventType()) {
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED ->
          event.getChildWorkflowExecutionCompletedEventAttributes().getWorkflowExecution().getWorkflowId();
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED ->
          event.getChildWorkflowExecutionFailedEventAttributes().getWorkflowExecution().getWorkflowId();
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED ->
          event.getChildWorkflowExecutionCanceledEventAttributes().getWorkflowExecution().getWorkflowId();
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT ->
          event.getChildWorkflowExecutionTimedOutEventAttributes().getWorkflowExecution().getWorkflowId();
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED ->
          event.getChildWorkflowExecutionTerminatedEventAttributes().getWorkflowExecution().getWorkflowId();
      case EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED ->
          event.getStartChildWorkflowExecutionFailedEventAttributes().getWorkflowId();
      default -> throw new IllegalArgumentException(event.getEventType().toString());
    };
  }

  /**
   * The entity's runs' events, oldest run first (walking back from the latest through continue-as-new);
   * none before the entity is first started.
   */
  private List<List<HistoryEvent>> runs() {
    List<List<HistoryEvent>> runs = new ArrayList<>();
    List<HistoryEvent> run;
    try {
      run = client.fetchHistory(entityId).getEvents();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return runs;
      }
      throw e;
    }
    while (true) {
      runs.add(run);
      String previous = run.get(0).getWorkflowExecutionStartedEventAttributes().getContinuedExecutionRunId();
      if (previous.isEmpty()) {
        break;
      }
      run = client.fetchHistory(entityId, previous).getEvents();
    }
    Collections.reverse(runs);
    return runs;
  }

  private String describe() {
    StringBuilder s = new StringBuilder();
    try {
      int i = 0;
      for (List<HistoryEvent> run : runs()) {
        s.append("\n  entity run ").append(i++).append(": ")
            .append(run.stream().map(e -> e.getEventType().name().replace("EVENT_TYPE_", "")).toList());
      }
    } catch (RuntimeException e) {
      s.append("\n  entity history unavailable: ").append(e);
    }
    return s.append("\n  ").append(context.get()).toString();
  }

  private static long deadline() {
    return System.nanoTime() + DEADLINE.toNanos();
  }

  private static void pause() {
    try {
      Thread.sleep(5);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the entity", e);
    }
  }
}
