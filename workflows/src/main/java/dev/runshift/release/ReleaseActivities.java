package dev.runshift.release;

import dev.runshift.ports.BuildService;
import dev.runshift.ports.CloudRun;
import dev.runshift.ports.FailureTypes;
import dev.runshift.ports.MetricsSource;
import dev.runshift.ports.SmokeCheck;
import dev.runshift.ports.SmokeTester;
import dev.runshift.ports.TaskQueues;
import dev.runshift.ports.TestSpec;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * The activity stubs of a release, one per step, each with its own task queue, timeouts and bounded
 * retries. Every retry policy stops at once on {@link FailureTypes#NON_RETRYABLE}; other failures
 * (transient Google API errors) are retried with backoff for the policy's {@code transientRetryFor}
 * ({@link #ReleaseActivities(Duration)}; releases started before that: a few attempts), so a failure
 * reaches the workflow (and the operator) only when retrying did not help, never retrying forever.
 *
 * <p>Build, artifact tests and deploy wait on long-running Google operations, so they have a heartbeat
 * timeout: their implementations must heartbeat while they wait.
 */
final class ReleaseActivities {
  static final ActivityOptions BUILD =
      ActivityOptions.newBuilder()
          .setTaskQueue(TaskQueues.BUILD)
          .setStartToCloseTimeout(Duration.ofHours(1))
          .setHeartbeatTimeout(Duration.ofMinutes(2))
          .setRetryOptions(retry(3, Duration.ofSeconds(30), Duration.ofMinutes(5)))
          .build();

  static final ActivityOptions DEPLOY =
      ActivityOptions.newBuilder()
          .setTaskQueue(TaskQueues.DEPLOY)
          .setStartToCloseTimeout(Duration.ofMinutes(15))
          .setHeartbeatTimeout(Duration.ofMinutes(1))
          .setRetryOptions(retry(5, Duration.ofSeconds(10), Duration.ofMinutes(2)))
          .build();

  static final ActivityOptions DESCRIBE =
      ActivityOptions.newBuilder()
          .setTaskQueue(TaskQueues.DEPLOY)
          .setStartToCloseTimeout(Duration.ofMinutes(1))
          .setRetryOptions(retry(5, Duration.ofSeconds(2), Duration.ofSeconds(30)))
          .build();

  static final ActivityOptions TRAFFIC =
      ActivityOptions.newBuilder()
          .setTaskQueue(TaskQueues.DEPLOY)
          .setStartToCloseTimeout(Duration.ofMinutes(5))
          .setRetryOptions(retry(5, Duration.ofSeconds(5), Duration.ofMinutes(1)))
          .build();

  /** Rollback is the safety action: more attempts before the operator is asked. */
  static final ActivityOptions ROLLBACK =
      ActivityOptions.newBuilder()
          .setTaskQueue(TaskQueues.DEPLOY)
          .setStartToCloseTimeout(Duration.ofMinutes(5))
          .setRetryOptions(retry(10, Duration.ofSeconds(5), Duration.ofMinutes(1)))
          .build();

  /** Short enough that a read, with its retries, fits well inside an analysis interval. */
  static final ActivityOptions METRICS =
      ActivityOptions.newBuilder()
          .setTaskQueue(TaskQueues.VERIFY)
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(retry(4, Duration.ofSeconds(2), Duration.ofSeconds(10)))
          .build();

  private static final Duration DEFAULT_TEST_TIMEOUT = Duration.ofMinutes(30);
  private static final Duration TEST_QUEUE_MARGIN = Duration.ofMinutes(10);

  /** Null: the bounded attempts above (releases started before transient retries); else the policy's. */
  private final Duration transientRetryFor;
  private final BuildService build;
  private final CloudRun deploy;
  private final CloudRun describe;
  private final CloudRun traffic;
  private final CloudRun rollback;
  private final MetricsSource metrics = Workflow.newActivityStub(MetricsSource.class, METRICS);

  /** The options of releases started before transient retries: a few attempts, then the operator. */
  ReleaseActivities() {
    this(null);
  }

  /**
   * Stubs that retry every failure not in {@link FailureTypes#NON_RETRYABLE} (the transient Google API
   * errors, timeouts of an attempt) with the backoff above and no attempt limit, until
   * {@code transientRetryFor} has passed since the first attempt (plus the time one attempt may take);
   * only then does the failure reach the workflow and the operator. Metrics reads keep their few
   * attempts: a read that still fails leaves the step waiting for the next look, it never fails it.
   */
  ReleaseActivities(Duration transientRetryFor) {
    this.transientRetryFor = transientRetryFor;
    build = Workflow.newActivityStub(BuildService.class, retrying(BUILD));
    deploy = Workflow.newActivityStub(CloudRun.class, retrying(DEPLOY));
    describe = Workflow.newActivityStub(CloudRun.class, retrying(DESCRIBE));
    traffic = Workflow.newActivityStub(CloudRun.class, retrying(TRAFFIC));
    rollback = Workflow.newActivityStub(CloudRun.class, retrying(ROLLBACK));
  }

  /**
   * {@code options} as they are (no transient retry window), or retrying without an attempt limit until
   * the window plus one attempt's start-to-close timeout has passed.
   */
  private ActivityOptions retrying(ActivityOptions options) {
    if (transientRetryFor == null) {
      return options;
    }
    return ActivityOptions.newBuilder(options)
        .setScheduleToCloseTimeout(options.getStartToCloseTimeout().plus(transientRetryFor))
        .setRetryOptions(RetryOptions.newBuilder(options.getRetryOptions()).setMaximumAttempts(0).build())
        .build();
  }

  BuildService build() {
    return build;
  }

  /** Artifact tests may run as long as the spec allows, plus time for the test build to be scheduled. */
  BuildService test(TestSpec spec) {
    Duration timeout = spec.timeout() == null ? DEFAULT_TEST_TIMEOUT : spec.timeout();
    return Workflow.newActivityStub(BuildService.class, retrying(
        ActivityOptions.newBuilder(BUILD).setStartToCloseTimeout(timeout.plus(TEST_QUEUE_MARGIN)).build()));
  }

  CloudRun deploy() {
    return deploy;
  }

  CloudRun describe() {
    return describe;
  }

  /** Shift and promote. */
  CloudRun traffic() {
    return traffic;
  }

  CloudRun rollback() {
    return rollback;
  }

  MetricsSource metrics() {
    return metrics;
  }

  /** Smoke checks may take every request's timeout, plus a minute. */
  SmokeTester smoke(SmokeCheck check) {
    Duration perAttempt = check.timeout().multipliedBy(check.count()).plus(Duration.ofMinutes(1));
    return Workflow.newActivityStub(
        SmokeTester.class,
        retrying(ActivityOptions.newBuilder()
            .setTaskQueue(TaskQueues.VERIFY)
            .setStartToCloseTimeout(perAttempt)
            .setRetryOptions(retry(3, Duration.ofSeconds(5), Duration.ofSeconds(30)))
            .build()));
  }

  private static RetryOptions retry(int attempts, Duration initial, Duration maximum) {
    return RetryOptions.newBuilder()
        .setInitialInterval(initial)
        .setBackoffCoefficient(2.0)
        .setMaximumInterval(maximum)
        .setMaximumAttempts(attempts)
        .setDoNotRetry(FailureTypes.NON_RETRYABLE)
        .build();
  }
}
