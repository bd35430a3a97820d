package dev.runshift.worker;

import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Healthy only while the worker factory is started and not shut down (its workers poll) and Temporal
 * answers a cheap call ({@code GetSystemInfo}, through the same authenticated stubs the workers use)
 * within {@code deadline}. Before {@link #attach} (the process is still connecting) it is not healthy.
 */
public final class PollingWorkerHealth implements WorkerHealth {
  private final Duration deadline;
  private volatile WorkflowServiceStubs stubs;
  private volatile WorkerFactory factory;

  public PollingWorkerHealth(Duration deadline) {
    this.deadline = deadline;
  }

  /** The connection and the started workers to watch from now on. */
  public void attach(WorkflowServiceStubs stubs, WorkerFactory factory) {
    this.stubs = stubs;
    this.factory = factory;
  }

  @Override
  public Status check() {
    WorkerFactory f = factory;
    WorkflowServiceStubs s = stubs;
    if (f == null || s == null) {
      return Status.failing("starting: not connected to Temporal yet");
    }
    if (f.isShutdown() || f.isTerminated()) {
      return Status.failing("shutting down: the workers no longer poll");
    }
    if (!f.isStarted()) {
      return Status.failing("starting: the workers do not poll yet");
    }
    try {
      s.blockingStub()
          .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
    } catch (RuntimeException e) {
      return Status.failing("Temporal does not answer: " + e.getMessage());
    }
    return Status.ok("polling; Temporal answers");
  }
}
