package dev.runshift.simulator.monitoring;

import com.google.api.Distribution;
import com.google.api.Metric;
import com.google.api.MetricDescriptor.MetricKind;
import com.google.api.MetricDescriptor.ValueType;
import com.google.api.MonitoredResource;
import com.google.monitoring.v3.Aggregation;
import com.google.monitoring.v3.Aggregation.Aligner;
import com.google.monitoring.v3.Aggregation.Reducer;
import com.google.monitoring.v3.Point;
import com.google.monitoring.v3.TimeSeries;
import com.google.monitoring.v3.TypedValue;
import dev.runshift.simulator.core.ApiErrors;
import dev.runshift.simulator.core.Timestamps;
import io.grpc.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cloud Monitoring's {@link Aggregation} over raw DELTA series: per-series alignment into windows of
 * {@code alignment_period} that end at the interval's end ({@code (end - (j+1)A, end - jA]}, a point
 * belonging to the window holding its end time), then an optional cross-series reduction grouped by
 * {@code group_by_fields}.
 *
 * <p>Aligners: ALIGN_DELTA and ALIGN_SUM (sum, or merged distribution; DELTA), ALIGN_RATE (sum / period
 * in seconds; GAUGE DOUBLE; numeric only), ALIGN_MEAN, ALIGN_COUNT, ALIGN_PERCENTILE_99/95/50/05
 * (distributions only; GAUGE DOUBLE). Reducers: REDUCE_SUM, REDUCE_MEAN, REDUCE_MIN, REDUCE_MAX,
 * REDUCE_COUNT, REDUCE_PERCENTILE_99/95/50/05 (on distributions: percentile of the merged distribution;
 * on numbers: nearest-rank percentile of the values). Invalid combinations are INVALID_ARGUMENT as in
 * Cloud Monitoring; valid ones the simulator does not implement are UNIMPLEMENTED.
 */
final class Aggregator {
  private Aggregator() {}

  static List<TimeSeries> apply(List<TimeSeries> raw, Aggregation agg, Instant end) {
    Aligner aligner = agg.getPerSeriesAligner();
    Reducer reducer = agg.getCrossSeriesReducer();
    if (aligner == Aligner.ALIGN_NONE) {
      if (reducer != Reducer.REDUCE_NONE) {
        throw ApiErrors.invalidArgument("aggregation.per_series_aligner",
            "must not be ALIGN_NONE when cross_series_reducer is " + reducer + ".");
      }
      return raw;
    }
    Duration period = Duration.ofSeconds(agg.getAlignmentPeriod().getSeconds(), agg.getAlignmentPeriod().getNanos());
    if (period.isZero() || period.isNegative()) {
      throw ApiErrors.invalidArgument("aggregation.alignment_period",
          "must be positive when per_series_aligner is " + aligner + ".");
    }
    List<String> groupBy = groupByFields(agg.getGroupByFieldsList());
    List<TimeSeries> aligned = new ArrayList<>();
    for (TimeSeries s : raw) {
      TimeSeries a = align(s, aligner, period, end);
      if (a.getPointsCount() > 0) {
        aligned.add(a);
      }
    }
    if (reducer == Reducer.REDUCE_NONE) {
      return aligned;
    }
    return reduce(aligned, reducer, groupBy);
  }

  private static List<String> groupByFields(List<String> fields) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < fields.size(); i++) {
      String f = fields.get(i).trim().replaceFirst("^(resource|metric)\\.label\\.", "$1.labels.");
      if (!f.matches("(resource|metric)\\.labels\\.[A-Za-z_][A-Za-z0-9_]*|resource\\.type|metric\\.type")) {
        throw ApiErrors.invalidArgument("aggregation.group_by_fields[" + i + "]",
            "'" + fields.get(i) + "' is not a field to group by (resource.labels.NAME or metric.labels.NAME).");
      }
      out.add(f);
    }
    return out;
  }

  private static TimeSeries align(TimeSeries s, Aligner aligner, Duration period, Instant end) {
    long a = period.toMillis();
    long endMs = end.toEpochMilli();
    Map<Long, List<TypedValue>> windows = new TreeMap<>(Comparator.reverseOrder());
    for (Point p : s.getPointsList()) {
      long d = endMs - Timestamps.toInstant(p.getInterval().getEndTime()).toEpochMilli();
      long j = Math.max(0, d) / a; // window j holds ends in (end - (j+1)A, end - jA]
      windows.computeIfAbsent(j, k -> new ArrayList<>()).add(p.getValue());
    }
    boolean distribution = s.getValueType() == ValueType.DISTRIBUTION;
    TimeSeries.Builder out = s.toBuilder().clearPoints();
    for (Map.Entry<Long, List<TypedValue>> w : windows.entrySet()) {
      Instant wEnd = Instant.ofEpochMilli(endMs - w.getKey() * a);
      Instant wStart = wEnd.minusMillis(a);
      List<TypedValue> values = w.getValue();
      switch (aligner) {
        case ALIGN_DELTA, ALIGN_SUM -> {
          out.setMetricKind(MetricKind.DELTA);
          out.addPoints(CloudRunMetrics.point(wStart, wEnd, sum(values, distribution)));
        }
        case ALIGN_RATE -> {
          requireNumeric(distribution, aligner);
          out.setMetricKind(MetricKind.GAUGE).setValueType(ValueType.DOUBLE).setUnit(s.getUnit() + "/s");
          out.addPoints(gauge(wEnd, asDouble(sum(values, false)) / (a / 1000.0)));
        }
        case ALIGN_MEAN -> {
          out.setMetricKind(MetricKind.GAUGE).setValueType(ValueType.DOUBLE);
          double mean = distribution
              ? merged(values).getMean()
              : values.stream().mapToDouble(Aggregator::asDouble).average().orElse(0);
          out.addPoints(gauge(wEnd, mean));
        }
        case ALIGN_COUNT -> {
          out.setMetricKind(MetricKind.GAUGE).setValueType(ValueType.INT64);
          out.addPoints(CloudRunMetrics.point(wEnd, wEnd, CloudRunMetrics.int64(values.size())));
        }
        case ALIGN_PERCENTILE_99, ALIGN_PERCENTILE_95, ALIGN_PERCENTILE_50, ALIGN_PERCENTILE_05 -> {
          if (!distribution) {
            throw ApiErrors.invalidArgument("aggregation.per_series_aligner",
                aligner + " applies to DISTRIBUTION metrics only; " + s.getMetric().getType() + " is "
                    + s.getValueType() + ".");
          }
          out.setMetricKind(MetricKind.GAUGE).setValueType(ValueType.DOUBLE);
          out.addPoints(gauge(wEnd, LatencyDistributions.percentile(merged(values), quantile(aligner.name()))));
        }
        default -> throw unimplemented("aggregation.per_series_aligner " + aligner);
      }
    }
    return out.build();
  }

  private static List<TimeSeries> reduce(List<TimeSeries> aligned, Reducer reducer, List<String> groupBy) {
    Map<List<String>, List<TimeSeries>> groups = new LinkedHashMap<>();
    for (TimeSeries s : aligned) {
      List<String> key = groupBy.stream().map(f -> String.valueOf(CloudRunMetrics.field(s, f))).toList();
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
    }
    List<TimeSeries> out = new ArrayList<>();
    for (List<TimeSeries> group : groups.values()) {
      TimeSeries first = group.get(0);
      boolean distribution = first.getValueType() == ValueType.DISTRIBUTION;
      Map<Instant, List<Point>> byWindow = new TreeMap<>(Comparator.reverseOrder());
      for (TimeSeries s : group) {
        for (Point p : s.getPointsList()) {
          byWindow.computeIfAbsent(Timestamps.toInstant(p.getInterval().getEndTime()), k -> new ArrayList<>()).add(p);
        }
      }
      TimeSeries.Builder b = TimeSeries.newBuilder()
          .setMetric(Metric.newBuilder().setType(first.getMetric().getType()))
          .setResource(MonitoredResource.newBuilder().setType(first.getResource().getType()))
          .setMetricKind(first.getMetricKind())
          .setValueType(first.getValueType())
          .setUnit(first.getUnit());
      for (String f : groupBy) {
        String v = CloudRunMetrics.field(first, f);
        if (v != null && f.startsWith("resource.labels.")) {
          b.getResourceBuilder().putLabels(f.substring("resource.labels.".length()), v);
        } else if (v != null && f.startsWith("metric.labels.")) {
          b.getMetricBuilder().putLabels(f.substring("metric.labels.".length()), v);
        }
      }
      for (Map.Entry<Instant, List<Point>> w : byWindow.entrySet()) {
        List<TypedValue> values = w.getValue().stream().map(Point::getValue).toList();
        com.google.monitoring.v3.TimeInterval interval = w.getValue().get(0).getInterval();
        Point.Builder p = Point.newBuilder().setInterval(interval);
        switch (reducer) {
          case REDUCE_SUM -> p.setValue(sum(values, distribution));
          case REDUCE_MEAN -> {
            b.setValueType(ValueType.DOUBLE);
            p.setValue(doubleValue(distribution ? merged(values).getMean()
                : values.stream().mapToDouble(Aggregator::asDouble).average().orElse(0)));
          }
          case REDUCE_MIN, REDUCE_MAX -> {
            requireNumeric(distribution, reducer);
            double v = reducer == Reducer.REDUCE_MIN
                ? values.stream().mapToDouble(Aggregator::asDouble).min().orElse(0)
                : values.stream().mapToDouble(Aggregator::asDouble).max().orElse(0);
            p.setValue(first.getValueType() == ValueType.INT64 ? CloudRunMetrics.int64((long) v) : doubleValue(v));
          }
          case REDUCE_COUNT -> {
            b.setValueType(ValueType.INT64);
            p.setValue(CloudRunMetrics.int64(values.size()));
          }
          case REDUCE_PERCENTILE_99, REDUCE_PERCENTILE_95, REDUCE_PERCENTILE_50, REDUCE_PERCENTILE_05 -> {
            double q = quantile(reducer.name());
            b.setValueType(ValueType.DOUBLE).setMetricKind(MetricKind.GAUGE);
            p.setValue(doubleValue(distribution
                ? LatencyDistributions.percentile(merged(values), q)
                : nearestRank(values, q)));
            p.setInterval(interval.toBuilder().setStartTime(interval.getEndTime()));
          }
          default -> throw unimplemented("aggregation.cross_series_reducer " + reducer);
        }
        b.addPoints(p);
      }
      out.add(b.build());
    }
    return out;
  }

  private static TypedValue sum(List<TypedValue> values, boolean distribution) {
    if (distribution) {
      return CloudRunMetrics.distribution(merged(values));
    }
    boolean allInt = values.stream().allMatch(v -> v.getValueCase() == TypedValue.ValueCase.INT64_VALUE);
    if (allInt) {
      return CloudRunMetrics.int64(values.stream().mapToLong(TypedValue::getInt64Value).sum());
    }
    return doubleValue(values.stream().mapToDouble(Aggregator::asDouble).sum());
  }

  private static Distribution merged(List<TypedValue> values) {
    return LatencyDistributions.merge(values.stream().map(TypedValue::getDistributionValue).toList());
  }

  private static double nearestRank(List<TypedValue> values, double q) {
    double[] sorted = values.stream().mapToDouble(Aggregator::asDouble).sorted().toArray();
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static double asDouble(TypedValue v) {
    return switch (v.getValueCase()) {
      case INT64_VALUE -> v.getInt64Value();
      case DOUBLE_VALUE -> v.getDoubleValue();
      default -> throw ApiErrors.invalidArgument("aggregation", "cannot treat " + v.getValueCase() + " as a number.");
    };
  }

  private static void requireNumeric(boolean distribution, Object op) {
    if (distribution) {
      throw ApiErrors.invalidArgument("aggregation", op + " does not apply to DISTRIBUTION metrics.");
    }
  }

  private static double quantile(String enumName) {
    return Integer.parseInt(enumName.substring(enumName.length() - 2)) / 100.0;
  }

  private static Point gauge(Instant at, double v) {
    return CloudRunMetrics.point(at, at, doubleValue(v));
  }

  private static TypedValue doubleValue(double v) {
    return TypedValue.newBuilder().setDoubleValue(v).build();
  }

  private static RuntimeException unimplemented(String what) {
    return Status.UNIMPLEMENTED.withDescription(what + " is not supported by the Runshift simulator.")
        .asRuntimeException();
  }
}
