package dev.runshift.activities.metrics;

import com.google.api.gax.rpc.ApiException;
import com.google.monitoring.v3.Aggregation;
import com.google.monitoring.v3.ListTimeSeriesRequest;
import com.google.monitoring.v3.TimeSeries;
import dev.runshift.activities.google.GoogleCall;
import dev.runshift.activities.google.GoogleClients;
import dev.runshift.activities.google.GoogleErrors;
import dev.runshift.ports.FailureTypes;
import dev.runshift.ports.MetricsQuery;
import dev.runshift.ports.MetricsSource;
import dev.runshift.ports.RevisionMetrics;
import dev.runshift.ports.WindowMetrics;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link MetricsSource} over Cloud Monitoring v3: {@code run.googleapis.com/request_count} summed per
 * revision and response code class, and {@code run.googleapis.com/request_latencies} p50/p95/p99 per
 * revision, over exactly the query's window (see {@link RunMetricQueries}). A window in which neither
 * the candidate nor stable served a request costs one call and returns zeros with null latencies.
 * Metrics arrive in Monitoring late (up to minutes on Google Cloud): a window read too early simply
 * holds fewer requests, which the workflow's analysis treats as inconclusive, never as healthy.
 */
public final class MonitoringActivities implements MetricsSource {
  private static final Aggregation.Reducer[] PERCENTILES = {
    Aggregation.Reducer.REDUCE_PERCENTILE_50,
    Aggregation.Reducer.REDUCE_PERCENTILE_95,
    Aggregation.Reducer.REDUCE_PERCENTILE_99
  };

  private final GoogleClients clients;

  public MonitoringActivities(GoogleClients clients) {
    this.clients = clients;
  }

  @Override
  public WindowMetrics read(MetricsQuery q) {
    if (q.endEpochMillis() <= q.startEpochMillis()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "empty metrics window [" + q.startEpochMillis() + ", " + q.endEpochMillis() + ") for " + q.service(),
          FailureTypes.INVALID_ARGUMENT);
    }
    List<String> stable = q.stableRevisions() == null ? List.of() : q.stableRevisions();
    WindowMetricsAggregator agg = new WindowMetricsAggregator().addCounts(list(q, RunMetricQueries.requestCounts(q)));
    List<String> all = new ArrayList<>(stable);
    all.add(q.candidateRevision());
    if (agg.anyRequests(all)) {
      for (int i = 0; i < PERCENTILES.length; i++) {
        agg.addLatencies(i, list(q, RunMetricQueries.latencyPercentile(q, PERCENTILES[i])));
      }
    }
    RevisionMetrics candidate = agg.revision(q.candidateRevision());
    RevisionMetrics baseline = agg.baseline(stable);
    return new WindowMetrics(candidate, baseline, q.startEpochMillis(), q.endEpochMillis());
  }

  @Override
  public dev.runshift.ports.PeriodSeries readPeriods(MetricsQuery q) {
    throw new UnsupportedOperationException("readPeriods: not implemented yet");
  }

  private List<TimeSeries> list(MetricsQuery q, ListTimeSeriesRequest request) {
    try {
      List<TimeSeries> out = new ArrayList<>();
      clients.metrics().listTimeSeries(request).iterateAll().forEach(out::add);
      return out;
    } catch (ApiException e) {
      throw GoogleErrors.toFailure(e, new GoogleCall(
          "Cloud Monitoring", "monitoring.timeSeries.list", "roles/monitoring.viewer",
          "projects/" + q.service().project(), "verify worker"));
    }
  }
}
