package dev.runshift.ports;

/**
 * Task queues per role, so each role can run under its own service account: the build identity never
 * touches Cloud Run, the verify identity only reads Monitoring.
 */
public final class TaskQueues {
  private TaskQueues() {}

  public static final String WORKFLOWS = "runshift-workflows";
  /** {@link BuildService}: Cloud Build rights only. */
  public static final String BUILD = "runshift-build";
  /** {@link CloudRun}: Cloud Run rights only. */
  public static final String DEPLOY = "runshift-deploy";
  /** {@link MetricsSource} and {@link SmokeTester}: Monitoring read only. */
  public static final String VERIFY = "runshift-verify";
  /** {@link dev.runshift.events.Notifier}: publish to the notification topics and webhooks only. */
  public static final String NOTIFY = "runshift-notify";
}
