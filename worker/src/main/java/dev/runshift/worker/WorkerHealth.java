package dev.runshift.worker;

/** Whether this process is fit to serve, for the deployment's probes ({@code GET /healthz}). */
public interface WorkerHealth {

  /** The answer to one probe: {@code healthy}, else why not, in words. */
  record Status(boolean healthy, String detail) {
    public static Status ok(String detail) {
      return new Status(true, detail);
    }

    public static Status failing(String detail) {
      return new Status(false, detail);
    }
  }

  /** Checks now; never throws. */
  Status check();
}
