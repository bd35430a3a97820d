package dev.runshift.worker;

import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Whether a worker asks Temporal to route a workflow's next task to itself (sticky execution), decided
 * by the server it talks to.
 *
 * <p>A real Temporal cluster gives a sticky task back to the workflow's normal task queue when the sticky
 * worker does not pick it up within the sticky schedule-to-start timeout (5 s), so a dead worker costs a
 * few seconds. Temporal's test server (temporal-testing 1.38, what {@code runshift dev} and {@code demo}
 * embed) keeps the last sticky attributes of a workflow and pushes every later task onto that worker's
 * sticky queue with no timeout at all, and answers {@code ShutdownWorker} without clearing them: a worker
 * that stops, gracefully or not, strands every workflow it served on {@code WORKFLOW_TASK_SCHEDULED}.
 * Against that server workers therefore send no sticky attributes (a zero sticky schedule-to-start
 * timeout: the SDK then omits them), so every task goes to the normal queue, which any worker polls.
 *
 * <p>The test server is recognised by its system info: it reports no server version, which every real
 * Temporal server (and the Temporal CLI's dev server) does.
 */
public enum StickyExecution {
  /** Tasks may go to the worker that ran the previous one (the SDK's default). */
  ON,
  /** Every task goes to the workflow's task queue, with the full history. */
  OFF;

  private static final Duration ASK_WITHIN = Duration.ofSeconds(10);

  /** {@link #OFF} against Temporal's test server, {@link #ON} against any other server. */
  public static StickyExecution forServer(WorkflowServiceStubs stubs) {
    String version =
        stubs.blockingStub()
            .withDeadlineAfter(ASK_WITHIN.toMillis(), TimeUnit.MILLISECONDS)
            .getSystemInfo(GetSystemInfoRequest.getDefaultInstance())
            .getServerVersion();
    return version.isEmpty() ? OFF : ON;
  }

  /** The options of a worker created under this rule. */
  public WorkerOptions workerOptions() {
    WorkerOptions.Builder options = WorkerOptions.newBuilder();
    if (this == OFF) {
      options.setStickyQueueScheduleToStartTimeout(Duration.ZERO);
    }
    return options.build();
  }
}
