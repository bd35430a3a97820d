package dev.runshift.ports;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Reads request metrics, with Monitoring read rights only (served on the {@code verify} task queue).
 * Returns numbers only; deciding health is the workflow's pure function.
 */
@ActivityInterface(namePrefix = "Metrics.")
public interface MetricsSource {

  /** Requests, 5xx and latency percentiles for the candidate and for stable over exactly the query window. */
  @ActivityMethod
  WindowMetrics read(MetricsQuery query);
}
