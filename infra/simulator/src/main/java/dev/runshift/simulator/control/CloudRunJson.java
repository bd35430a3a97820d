package dev.runshift.simulator.control;

import com.google.cloud.run.v2.Revision;
import com.google.cloud.run.v2.Service;
import com.google.cloud.run.v2.TrafficTargetStatus;
import dev.runshift.simulator.core.ErrorBurst;
import dev.runshift.simulator.core.RequestRate;
import dev.runshift.simulator.run.RateChange;
import dev.runshift.simulator.run.TrafficChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Compact JSON views of simulated Cloud Run resources for the control API. */
final class CloudRunJson {
  private CloudRunJson() {}

  static Map<String, Object> service(Service s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", s.getName());
    m.put("uri", s.getUri());
    m.put("image", s.getTemplate().getContainersCount() == 0 ? null : s.getTemplate().getContainers(0).getImage());
    m.put("latestReadyRevision", shortName(s.getLatestReadyRevision()));
    m.put("generation", s.getGeneration());
    List<Map<String, Object>> traffic = new ArrayList<>();
    for (TrafficTargetStatus t : s.getTrafficStatusesList()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("revision", t.getRevision().isEmpty() ? "LATEST" : shortName(t.getRevision()));
      e.put("percent", t.getPercent());
      if (!t.getTag().isEmpty()) {
        e.put("tag", t.getTag());
        e.put("uri", t.getUri());
      }
      traffic.add(e);
    }
    m.put("traffic", traffic);
    return m;
  }

  static Map<String, Object> revision(Revision r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", shortName(r.getName()));
    m.put("image", r.getContainersCount() == 0 ? null : r.getContainers(0).getImage());
    m.put("ready", r.getConditionsList().stream()
        .filter(c -> c.getType().equals("Ready"))
        .map(c -> c.getState().name())
        .findFirst()
        .orElse("UNKNOWN"));
    return m;
  }

  static Map<String, Object> trafficChange(TrafficChange c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("at", c.at().toString());
    m.put("percents", c.percents());
    return m;
  }

  static Map<String, Object> rateChange(RateChange c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("from", c.at().toString());
    if (c.rate() instanceof RequestRate.Daily d) {
      m.put("rate", Map.of("type", "daily", "meanRps", d.meanRps(), "amplitude", d.amplitude(),
          "peakHourUtc", d.peakHourUtc()));
    } else {
      m.put("rate", Map.of("type", "constant", "rps", c.rate().meanRps()));
    }
    return m;
  }

  static Map<String, Object> burst(ErrorBurst b) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (b.service() != null) {
      m.put("service", b.service());
    }
    if (b.image() != null) {
      m.put("image", b.image());
    }
    m.put("from", b.from().toString());
    m.put("to", b.to().toString());
    m.put("errorRate", b.errorRate());
    return m;
  }

  private static String shortName(String name) {
    int slash = name.lastIndexOf('/');
    return slash < 0 ? name : name.substring(slash + 1);
  }
}
