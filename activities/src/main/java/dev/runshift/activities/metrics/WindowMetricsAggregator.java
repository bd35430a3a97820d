package dev.runshift.activities.metrics;

import com.google.monitoring.v3.Point;
import com.google.monitoring.v3.TimeSeries;
import com.google.monitoring.v3.TypedValue;
import dev.runshift.ports.RevisionMetrics;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns Monitoring's grouped time series into {@link RevisionMetrics}, as a pure function.
 *
 * <p>Counts are summed over every point of a revision's series. A revision's latency percentile is the
 * mean of its points (one point when the window is aligned into one bucket). The stable baseline sums
 * the counts of every stable revision; its percentiles are the request-weighted mean of the per-revision
 * percentiles. That is an approximation (percentiles do not average exactly), close when stable
 * revisions run the same code, which is the usual case of a single stable revision or a finished split.
 */
public final class WindowMetricsAggregator {
  private static final String ERROR_CLASS = "5xx";

  /** Per-revision sums and means. */
  private static final class PerRevision {
    long requests;
    long errors;
    int points;
    final double[] latencySum = new double[3];
    final int[] latencyPoints = new int[3];

    Double latency(int i) {
      return latencyPoints[i] == 0 ? null : latencySum[i] / latencyPoints[i];
    }
  }

  private final Map<String, PerRevision> revisions = new HashMap<>();

  /** Adds the request-count series (grouped by revision and response code class). */
  public WindowMetricsAggregator addCounts(List<TimeSeries> series) {
    for (TimeSeries ts : series) {
      PerRevision r = of(ts);
      boolean errors = ERROR_CLASS.equals(ts.getMetric().getLabelsMap().get(RunMetricQueries.CODE_CLASS_LABEL));
      for (Point p : ts.getPointsList()) {
        long v = Math.round(number(p.getValue()));
        r.requests += v;
        if (errors) {
          r.errors += v;
        }
        r.points++;
      }
    }
    return this;
  }

  /**
   * Adds one percentile's series (grouped by revision). {@code index} 0, 1, 2 are p50, p95, p99.
   */
  public WindowMetricsAggregator addLatencies(int index, List<TimeSeries> series) {
    for (TimeSeries ts : series) {
      PerRevision r = of(ts);
      for (Point p : ts.getPointsList()) {
        double v = number(p.getValue());
        if (!Double.isNaN(v)) {
          r.latencySum[index] += v;
          r.latencyPoints[index]++;
        }
      }
    }
    return this;
  }

  /** The metrics of {@code revision} (zeros and null latencies if it served nothing). */
  public RevisionMetrics revision(String revision) {
    PerRevision r = revisions.get(revision);
    if (r == null) {
      return RevisionMetrics.empty();
    }
    return new RevisionMetrics(r.requests, r.errors, r.latency(0), r.latency(1), r.latency(2), r.points);
  }

  /** The stable baseline: summed counts, request-weighted mean percentiles over {@code stable}. */
  public RevisionMetrics baseline(Collection<String> stable) {
    long requests = 0;
    long errors = 0;
    int points = 0;
    Double[] latencies = new Double[3];
    for (String name : stable) {
      PerRevision r = revisions.get(name);
      if (r != null) {
        requests += r.requests;
        errors += r.errors;
        points += r.points;
      }
    }
    for (int i = 0; i < 3; i++) {
      double weighted = 0;
      long weight = 0;
      double plain = 0;
      int count = 0;
      for (String name : stable) {
        PerRevision r = revisions.get(name);
        Double l = r == null ? null : r.latency(i);
        if (l != null) {
          weighted += l * r.requests;
          weight += r.requests;
          plain += l;
          count++;
        }
      }
      latencies[i] = count == 0 ? null : weight > 0 ? weighted / weight : plain / count;
    }
    return new RevisionMetrics(requests, errors, latencies[0], latencies[1], latencies[2], points);
  }

  /** True when any of {@code names} served at least one request. */
  public boolean anyRequests(Collection<String> names) {
    return names.stream().map(revisions::get).anyMatch(r -> r != null && r.requests > 0);
  }

  private PerRevision of(TimeSeries ts) {
    String revision = ts.getResource().getLabelsMap().get(RunMetricQueries.REVISION_LABEL);
    if (revision == null) {
      revision = ts.getMetric().getLabelsMap().getOrDefault(RunMetricQueries.REVISION_LABEL, "");
    }
    return revisions.computeIfAbsent(revision, k -> new PerRevision());
  }

  private static double number(TypedValue v) {
    switch (v.getValueCase()) {
      case INT64_VALUE:
        return v.getInt64Value();
      case DOUBLE_VALUE:
        return v.getDoubleValue();
      case DISTRIBUTION_VALUE:
        return v.getDistributionValue().getCount();
      default:
        return Double.NaN;
    }
  }
}
