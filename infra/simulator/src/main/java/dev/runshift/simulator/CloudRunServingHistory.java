package dev.runshift.simulator;

import dev.runshift.simulator.core.RequestRate;
import dev.runshift.simulator.monitoring.ServiceTimeline;
import dev.runshift.simulator.monitoring.ServiceTimeline.Segment;
import dev.runshift.simulator.monitoring.ServingHistory;
import dev.runshift.simulator.run.CloudRunSim;
import dev.runshift.simulator.run.RateChange;
import dev.runshift.simulator.run.ServiceHistory;
import dev.runshift.simulator.run.TrafficChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Cloud Run's traffic and request-rate histories as the monitoring model reads them: one timeline per
 * service whose segments start at every traffic or rate change (scheduled rate changes included).
 */
final class CloudRunServingHistory implements ServingHistory {
  private final CloudRunSim run;

  CloudRunServingHistory(CloudRunSim run) {
    this.run = run;
  }

  @Override
  public List<ServiceTimeline> timelines(String project) {
    return run.histories(project).stream().map(CloudRunServingHistory::timeline).toList();
  }

  static ServiceTimeline timeline(ServiceHistory h) {
    TreeSet<Instant> starts = new TreeSet<>();
    h.traffic().forEach(t -> starts.add(t.at()));
    h.rates().forEach(r -> starts.add(r.at()));
    List<Segment> segments = new ArrayList<>();
    for (Instant t : starts) {
      RequestRate rate = RequestRate.constant(0);
      for (RateChange r : h.rates()) {
        if (!r.at().isAfter(t)) {
          rate = r.rate();
        }
      }
      Map<String, Integer> percents = Map.of();
      for (TrafficChange c : h.traffic()) {
        if (!c.at().isAfter(t)) {
          percents = c.percents();
        }
      }
      segments.add(new Segment(t, rate, percents));
    }
    return new ServiceTimeline(h.project(), h.location(), h.service(), segments, h.revisionImages());
  }
}
