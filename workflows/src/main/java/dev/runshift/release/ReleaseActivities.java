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
 * retries. Every retry policy stops at once on {@link FailureTypes#NON_RETRYABLE} and gives up after a
 * few attempts, so a failure reaches the workflow (and the operator) instead of retrying forever.
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

  private final BuildService build = Workflow.newActivityStub(BuildService.class, BUILD);
  private final CloudRun deploy = Workflow.newActivityStub(CloudRun.class, DEPLOY);
  private final CloudRun describe = Workflow.newActivityStub(CloudRun.class, DESCRIBE);
  private final CloudRun traffic = Workflow.newActivityStub(CloudRun.class, TRAFFIC);
  private final CloudRun rollback = Workflow.newActivityStub(CloudRun.class, ROLLBACK);
  private final MetricsSource metrics = Workflow.newActivityStub(MetricsSource.class, METRICS);

  BuildService build() {
    return build;
  }

  /** Artifact tests may run as long as the spec allows, plus time for the test build to be scheduled. */
  BuildService test(TestSpec spec) {
    Duration timeout = spec.timeout() == null ? DEFAULT_TEST_TIMEOUT : spec.timeout();
    return Workflow.newActivityStub(
        BuildService.class,
        ActivityOptions.newBuilder(BUILD).setStartToCloseTimeout(timeout.plus(TEST_QUEUE_MARGIN)).build());
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
        ActivityOptions.newBuilder()
            .setTaskQueue(TaskQueues.VERIFY)
            .setStartToCloseTimeout(perAttempt)
            .setRetryOptions(retry(3, Duration.ofSeconds(5), Duration.ofSeconds(30)))
            .build());
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
