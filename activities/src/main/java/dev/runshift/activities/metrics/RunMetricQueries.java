package dev.runshift.activities.metrics;

import com.google.monitoring.v3.Aggregation;
import com.google.monitoring.v3.ListTimeSeriesRequest;
import com.google.monitoring.v3.TimeInterval;
import com.google.protobuf.Duration;
import com.google.protobuf.util.Timestamps;
import dev.runshift.ports.MetricsQuery;
import dev.runshift.ports.ServiceRef;
import java.util.Optional;

/**
 * The Cloud Monitoring queries for one analysis window of one Cloud Run service. Filters are only
 * AND-joined equalities on the metric type, the resource type and the service's labels; revisions are
 * picked out of the grouped answer, not in the filter (the filter language has no "revision in (...)"
 * that every backend accepts).
 *
 * <p>The window queries ({@link #requestCounts}, {@link #latencyPercentile}, for
 * {@code MetricsSource.read}) align the whole window into one bucket (alignment period = window length,
 * at least Monitoring's minimum of 60 s), so a window shorter than 60 s is read as the 60 s ending at its
 * end.
 *
 * <p>The period queries ({@link #periodRequestCounts}, {@link #periodLatencies}, for
 * {@code MetricsSource.readPeriods}) read a window of whole sample periods ({@link #wholePeriods}) aligned
 * into one bucket per sample period. Monitoring places alignment windows so that they end at the
 * interval's end ({@code (end - (j+1)60s, end - j 60s]}); with the end on a minute boundary every bucket is
 * exactly one of Cloud Run's sample periods, never a part of one or two of them.
 */
public final class RunMetricQueries {
  private RunMetricQueries() {}

  public static final String REQUEST_COUNT = "run.googleapis.com/request_count";
  public static final String REQUEST_LATENCIES = "run.googleapis.com/request_latencies";
  public static final String RESOURCE_TYPE = "cloud_run_revision";
  public static final String REVISION_LABEL = "revision_name";
  public static final String CODE_CLASS_LABEL = "response_code_class";
  public static final long MIN_ALIGNMENT_SECONDS = 60;
  /** Cloud Run's sample period for request metrics: 60 s, aligned to the minute. */
  public static final long SAMPLE_PERIOD_MILLIS = 60_000;

  /** The filter selecting {@code metricType} for every revision of {@code service}. */
  public static String filter(String metricType, ServiceRef service) {
    return "metric.type = \"" + metricType + "\""
        + " AND resource.type = \"" + RESOURCE_TYPE + "\""
        + " AND resource.labels.service_name = \"" + service.service() + "\""
        + " AND resource.labels.location = \"" + service.region() + "\"";
  }

  /** Request counts summed per revision and response code class over the window. */
  public static ListTimeSeriesRequest requestCounts(MetricsQuery q) {
    return base(q, REQUEST_COUNT)
        .setAggregation(
            Aggregation.newBuilder()
                .setAlignmentPeriod(alignment(q))
                .setPerSeriesAligner(Aggregation.Aligner.ALIGN_DELTA)
                .setCrossSeriesReducer(Aggregation.Reducer.REDUCE_SUM)
                .addGroupByFields("resource.labels." + REVISION_LABEL)
                .addGroupByFields("metric.labels." + CODE_CLASS_LABEL))
        .build();
  }

  /** One latency percentile per revision over the window. */
  public static ListTimeSeriesRequest latencyPercentile(MetricsQuery q, Aggregation.Reducer percentile) {
    return base(q, REQUEST_LATENCIES)
        .setAggregation(
            Aggregation.newBuilder()
                .setAlignmentPeriod(alignment(q))
                .setPerSeriesAligner(Aggregation.Aligner.ALIGN_DELTA)
                .setCrossSeriesReducer(percentile)
                .addGroupByFields("resource.labels." + REVISION_LABEL))
        .build();
  }

  /**
   * The whole sample periods inside {@code q}'s window: its start rounded up and its end rounded down to
   * a period boundary; empty when no whole period fits.
   */
  public static Optional<MetricsQuery> wholePeriods(MetricsQuery q) {
    return wholePeriods(q, SAMPLE_PERIOD_MILLIS);
  }

  /** {@link #wholePeriods(MetricsQuery)} for a sample period of {@code period} ms (the local simulator's). */
  public static Optional<MetricsQuery> wholePeriods(MetricsQuery q, long period) {
    long start = Math.floorDiv(q.startEpochMillis() + period - 1, period) * period;
    long end = Math.floorDiv(q.endEpochMillis(), period) * period;
    if (end <= start) {
      return Optional.empty();
    }
    return Optional.of(new MetricsQuery(q.service(), q.candidateRevision(), q.stableRevisions(), start, end));
  }

  /**
   * Request counts per sample period, summed per revision and response code class (ALIGN_DELTA over
   * 60 s, REDUCE_SUM); {@code periods} is a window from {@link #wholePeriods}.
   */
  public static ListTimeSeriesRequest periodRequestCounts(MetricsQuery periods) {
    return periodRequestCounts(periods, SAMPLE_PERIOD_MILLIS);
  }

  /** {@link #periodRequestCounts(MetricsQuery)} for a sample period of {@code period} ms. */
  public static ListTimeSeriesRequest periodRequestCounts(MetricsQuery periods, long period) {
    return base(requireWholePeriods(periods, period), REQUEST_COUNT)
        .setAggregation(
            Aggregation.newBuilder()
                .setAlignmentPeriod(samplePeriod(period))
                .setPerSeriesAligner(Aggregation.Aligner.ALIGN_DELTA)
                .setCrossSeriesReducer(Aggregation.Reducer.REDUCE_SUM)
                .addGroupByFields("resource.labels." + REVISION_LABEL)
                .addGroupByFields("metric.labels." + CODE_CLASS_LABEL))
        .build();
  }

  /**
   * Latency distributions per sample period, summed per revision over every response code class
   * (ALIGN_DELTA over 60 s, REDUCE_SUM of the distributions); {@code periods} is a window from
   * {@link #wholePeriods}.
   */
  public static ListTimeSeriesRequest periodLatencies(MetricsQuery periods) {
    return periodLatencies(periods, SAMPLE_PERIOD_MILLIS);
  }

  /** {@link #periodLatencies(MetricsQuery)} for a sample period of {@code period} ms. */
  public static ListTimeSeriesRequest periodLatencies(MetricsQuery periods, long period) {
    return base(requireWholePeriods(periods, period), REQUEST_LATENCIES)
        .setAggregation(
            Aggregation.newBuilder()
                .setAlignmentPeriod(samplePeriod(period))
                .setPerSeriesAligner(Aggregation.Aligner.ALIGN_DELTA)
                .setCrossSeriesReducer(Aggregation.Reducer.REDUCE_SUM)
                .addGroupByFields("resource.labels." + REVISION_LABEL))
        .build();
  }

  private static MetricsQuery requireWholePeriods(MetricsQuery q, long period) {
    if (q.endEpochMillis() <= q.startEpochMillis()
        || Math.floorMod(q.startEpochMillis(), period) != 0
        || Math.floorMod(q.endEpochMillis(), period) != 0) {
      throw new IllegalArgumentException("not a window of whole sample periods: [" + q.startEpochMillis() + ", "
          + q.endEpochMillis() + ")");
    }
    return q;
  }

  private static Duration samplePeriod(long period) {
    return Duration.newBuilder().setSeconds(period / 1000).setNanos((int) (period % 1000) * 1_000_000).build();
  }

  static Duration alignment(MetricsQuery q) {
    long millis = q.endEpochMillis() - q.startEpochMillis();
    long seconds = Math.max(MIN_ALIGNMENT_SECONDS, (millis + 999) / 1000);
    return Duration.newBuilder().setSeconds(seconds).build();
  }

  private static ListTimeSeriesRequest.Builder base(MetricsQuery q, String metricType) {
    return ListTimeSeriesRequest.newBuilder()
        .setName("projects/" + q.service().project())
        .setFilter(filter(metricType, q.service()))
        .setInterval(
            TimeInterval.newBuilder()
                .setStartTime(Timestamps.fromMillis(q.startEpochMillis()))
                .setEndTime(Timestamps.fromMillis(q.endEpochMillis())))
        .setView(ListTimeSeriesRequest.TimeSeriesView.FULL);
  }
}
