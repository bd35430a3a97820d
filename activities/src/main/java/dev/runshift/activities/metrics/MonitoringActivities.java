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
import dev.runshift.ports.PeriodSeries;
import dev.runshift.ports.RevisionMetrics;
import dev.runshift.ports.WindowMetrics;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MetricsSource} over Cloud Monitoring v3, reading {@code run.googleapis.com/request_count} and
 * {@code run.googleapis.com/request_latencies} of the query's service (see {@link RunMetricQueries}).
 *
 * <p>{@link #read}: counts summed per revision and response code class, and p50/p95/p99 per revision,
 * over exactly the query's window. A window in which neither the candidate nor stable served a request
 * costs one call and returns zeros with null latencies.
 *
 * <p>{@link #readPeriods}: counts and latency bucket counts per whole 60 s sample period, assembled by
 * {@link PeriodAssembler}; one call when nothing of interest was served, else two, none for a window
 * shorter than a whole period.
 *
 * <p>Errors of either go through {@link GoogleErrors}. Metrics arrive in Monitoring late (up to minutes
 * on Google Cloud): a window read too early simply holds fewer requests for {@code read}, which the
 * workflow's analysis treats as inconclusive, never as healthy; for {@code readPeriods} it holds fewer
 * periods, and the missing ones come with the next read from the end of the newest period returned.
 */
public final class MonitoringActivities implements MetricsSource {
  private static final Aggregation.Reducer[] PERCENTILES = {
    Aggregation.Reducer.REDUCE_PERCENTILE_50,
    Aggregation.Reducer.REDUCE_PERCENTILE_95,
    Aggregation.Reducer.REDUCE_PERCENTILE_99
  };

  private static final Logger log = LoggerFactory.getLogger(MonitoringActivities.class);

  private final GoogleClients clients;

  private final long samplePeriodMillis;

  /** Over Cloud Run's 60 s sample periods. */
  public MonitoringActivities(GoogleClients clients) {
    this(clients, java.time.Duration.ofMillis(RunMetricQueries.SAMPLE_PERIOD_MILLIS));
  }

  /** Over sample periods of {@code samplePeriod} (the local simulator's, which can be shorter). */
  public MonitoringActivities(GoogleClients clients, java.time.Duration samplePeriod) {
    this.clients = clients;
    this.samplePeriodMillis = samplePeriod.toMillis();
  }

  @Override
  public WindowMetrics read(MetricsQuery q) {
    requireWindow(q);
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

  /**
   * The whole 60 s sample periods inside the query window ({@link RunMetricQueries#wholePeriods}), as
   * {@link PeriodAssembler} assembles them from at most two ListTimeSeries calls: request counts per
   * period, revision and response code class, then, only when the candidate or a stable revision served
   * a request, latency distributions per period and revision. A window holding no whole period costs no
   * call. A period is returned once Monitoring shows it; a period still missing because of Monitoring's
   * ingestion delay is returned by a later read that starts where this one's newest period ends.
   * When the latency distributions disagree on their bucket layout, latency is dropped for this answer
   * (counts are kept) and a warning says why; see {@link PeriodAssembler}.
   */
  @Override
  public PeriodSeries readPeriods(MetricsQuery q) {
    requireWindow(q);
    Optional<MetricsQuery> whole = RunMetricQueries.wholePeriods(q, samplePeriodMillis);
    if (whole.isEmpty()) {
      return PeriodSeries.empty();
    }
    MetricsQuery w = whole.get();
    PeriodAssembler periods = new PeriodAssembler(q.candidateRevision(), q.stableRevisions(),
        w.startEpochMillis(), w.endEpochMillis(), samplePeriodMillis)
        .addCounts(list(q, RunMetricQueries.periodRequestCounts(w, samplePeriodMillis)));
    if (periods.anyRequests()) {
      periods.addLatencies(list(q, RunMetricQueries.periodLatencies(w, samplePeriodMillis)));
    }
    periods.latencyProblem().ifPresent(problem -> log.warn(
        "{}: latency left out of the periods in [{}, {}): {}", q.service().resourceName(),
        Instant.ofEpochMilli(w.startEpochMillis()), Instant.ofEpochMilli(w.endEpochMillis()), problem));
    return periods.series();
  }

  private static void requireWindow(MetricsQuery q) {
    if (q.endEpochMillis() <= q.startEpochMillis()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "empty metrics window [" + q.startEpochMillis() + ", " + q.endEpochMillis() + ") for " + q.service(),
          FailureTypes.INVALID_ARGUMENT);
    }
  }

  @Override
  public PeriodSeries readSummed(MetricsQuery q) {
    return readPeriods(q).summed();
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
