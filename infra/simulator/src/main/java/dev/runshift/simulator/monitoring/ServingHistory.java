package dev.runshift.simulator.monitoring;

import java.util.List;

/** Where the monitoring model learns what each Cloud Run service served: its timelines, as of now. */
@FunctionalInterface
public interface ServingHistory {

  /** Every service of {@code project} (every project when null) that ever existed, deleted ones included. */
  List<ServiceTimeline> timelines(String project);
}
