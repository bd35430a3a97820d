package dev.runshift.ports;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Reads request metrics, with Monitoring read rights only (served on the {@code verify} task queue).
 * Returns numbers only; deciding health is the workflow's pure function.
 */
@ActivityInterface(namePrefix = "Metrics.")
public interface MetricsSource {

  /**
   * Requests, 5xx and latency percentiles for the candidate and for stable over exactly the query window.
   * Used by releases that started before sequential verdicts (and by threshold analysis) only.
   */
  @ActivityMethod
  WindowMetrics read(MetricsQuery query);

  /**
   * Every whole, visible sample period of the query window, oldest first, with the candidate's and the
   * stable revisions' (summed) requests, 5xx and latency bucket counts. Periods are never split or
   * merged, so a caller that asks again from the end of the newest period it got counts each period
   * exactly once.
   */
  @ActivityMethod
  PeriodSeries readPeriods(MetricsQuery query);

  /**
   * The periods {@link #readPeriods} would return, summed into one ({@link PeriodSeries#summed()}): for
   * long windows such as the baseline before a release, whose periods need not be kept one by one.
   */
  @ActivityMethod
  PeriodSeries readSummed(MetricsQuery query);
}
