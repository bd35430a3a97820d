package dev.runshift.simulator.monitoring;

import com.google.api.Distribution;
import com.google.api.Metric;
import com.google.api.MetricDescriptor.MetricKind;
import com.google.api.MetricDescriptor.ValueType;
import com.google.api.MonitoredResource;
import com.google.monitoring.v3.Point;
import com.google.monitoring.v3.TimeInterval;
import com.google.monitoring.v3.TimeSeries;
import com.google.monitoring.v3.TypedValue;
import dev.runshift.simulator.core.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The raw Cloud Run request metrics, one point per sample period per series, as Cloud Run writes them:
 * {@code run.googleapis.com/request_count} (DELTA INT64) and {@code run.googleapis.com/request_latencies}
 * (DELTA DISTRIBUTION, ms), on resource {@code cloud_run_revision}, one series per revision and response
 * class (metric labels {@code response_code} 200 or 500, {@code response_code_class} 2xx or 5xx,
 * {@code route_type} default). Sample periods are aligned to the epoch. A period is reported only when
 * it lies wholly inside the requested interval and has ended {@code metricsDelay} before now, and only
 * when the series had requests in it (no zero points, like Cloud Monitoring).
 */
final class CloudRunMetrics {
  static final String REQUEST_COUNT = "run.googleapis.com/request_count";
  static final String REQUEST_LATENCIES = "run.googleapis.com/request_latencies";
  static final String RESOURCE_TYPE = "cloud_run_revision";

  private CloudRunMetrics() {}

  static boolean isKnown(String metricType) {
    return metricType.equals(REQUEST_COUNT) || metricType.equals(REQUEST_LATENCIES);
  }

  static String unit(String metricType) {
    return metricType.equals(REQUEST_LATENCIES) ? "ms" : "1";
  }

  /** Every raw series of {@code metricType} matching {@code filter} in {@code [start, end]}, points oldest first. */
  static List<TimeSeries> raw(List<ServiceTimeline> timelines, MetricFilter filter, String metricType,
      Instant start, Instant end, Instant visibleUntil, Duration samplePeriod, RequestModel model) {
    boolean latencies = metricType.equals(REQUEST_LATENCIES);
    long p = samplePeriod.toMillis();
    Instant last = end.isBefore(visibleUntil) ? end : visibleUntil;
    long firstPeriod = Math.floorDiv(start.toEpochMilli() + p - 1, p);
    long endPeriod = Math.floorDiv(last.toEpochMilli(), p); // exclusive
    List<TimeSeries> out = new ArrayList<>();
    for (ServiceTimeline t : timelines) {
      if (!plausible(filter, t)) {
        continue;
      }
      for (String revision : revisions(t)) {
        Map<String, String> resource = resourceLabels(t, revision);
        TimeSeries.Builder ok = series(metricType, resource, "200", "2xx", latencies);
        TimeSeries.Builder err = series(metricType, resource, "500", "5xx", latencies);
        boolean okMatches = matches(filter, ok);
        boolean errMatches = matches(filter, err);
        if (!okMatches && !errMatches) {
          continue;
        }
        for (long k = firstPeriod; k < endPeriod; k++) {
          Instant ps = Instant.ofEpochMilli(k * p);
          Instant pe = Instant.ofEpochMilli((k + 1) * p);
          RequestModel.Sample s = model.sample(t, revision, ps, pe, k, latencies);
          if (okMatches && s.ok() > 0) {
            ok.addPoints(point(ps, pe, latencies ? distribution(s.okLatencies()) : int64(s.ok())));
          }
          if (errMatches && s.errors() > 0) {
            err.addPoints(point(ps, pe, latencies ? distribution(s.errorLatencies()) : int64(s.errors())));
          }
        }
        if (ok.getPointsCount() > 0) {
          out.add(ok.build());
        }
        if (err.getPointsCount() > 0) {
          out.add(err.build());
        }
      }
    }
    return out;
  }

  private static Set<String> revisions(ServiceTimeline t) {
    Set<String> names = new LinkedHashSet<>(t.revisionImages().keySet());
    t.segments().forEach(s -> names.addAll(s.percents().keySet()));
    return names;
  }

  /** Skips services the filter's resource clauses rule out before generating anything. */
  private static boolean plausible(MetricFilter filter, ServiceTimeline t) {
    return filter.clauses().stream().allMatch(c -> switch (c.field()) {
      case "resource.labels.service_name", "resource.labels.configuration_name" -> c.value().equals(t.service());
      case "resource.labels.location" -> c.value().equals(t.location());
      case "resource.labels.project_id", "project" -> c.value().equals(t.project());
      default -> true;
    });
  }

  private static Map<String, String> resourceLabels(ServiceTimeline t, String revision) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("project_id", t.project());
    labels.put("location", t.location());
    labels.put("service_name", t.service());
    labels.put("revision_name", revision);
    labels.put("configuration_name", t.service());
    return labels;
  }

  private static TimeSeries.Builder series(String metricType, Map<String, String> resource, String code,
      String codeClass, boolean latencies) {
    return TimeSeries.newBuilder()
        .setMetric(Metric.newBuilder()
            .setType(metricType)
            .putLabels("response_code", code)
            .putLabels("response_code_class", codeClass)
            .putLabels("route_type", "default"))
        .setResource(MonitoredResource.newBuilder().setType(RESOURCE_TYPE).putAllLabels(resource))
        .setMetricKind(MetricKind.DELTA)
        .setValueType(latencies ? ValueType.DISTRIBUTION : ValueType.INT64)
        .setUnit(latencies ? "ms" : "1");
  }

  /** The value of a filter or group-by field for {@code s}, or null. */
  static String field(TimeSeries s, String field) {
    if (field.equals("metric.type")) {
      return s.getMetric().getType();
    }
    if (field.equals("resource.type")) {
      return s.getResource().getType();
    }
    if (field.equals("project")) {
      return s.getResource().getLabelsOrDefault("project_id", null);
    }
    if (field.startsWith("resource.labels.")) {
      return s.getResource().getLabelsOrDefault(field.substring("resource.labels.".length()), null);
    }
    if (field.startsWith("metric.labels.")) {
      return s.getMetric().getLabelsOrDefault(field.substring("metric.labels.".length()), null);
    }
    return null;
  }

  private static boolean matches(MetricFilter filter, TimeSeries.Builder s) {
    TimeSeries built = s.buildPartial();
    return filter.matches(f -> field(built, f));
  }

  static Point point(Instant start, Instant end, TypedValue value) {
    return Point.newBuilder()
        .setInterval(TimeInterval.newBuilder().setStartTime(Timestamps.of(start)).setEndTime(Timestamps.of(end)))
        .setValue(value)
        .build();
  }

  static TypedValue int64(long v) {
    return TypedValue.newBuilder().setInt64Value(v).build();
  }

  static TypedValue distribution(Distribution d) {
    return TypedValue.newBuilder().setDistributionValue(d).build();
  }
}
