package dev.runshift.testing;

import dev.runshift.ports.ArmCounts;
import dev.runshift.ports.MetricPeriod;
import dev.runshift.ports.MetricsQuery;
import dev.runshift.ports.PeriodSeries;
import dev.runshift.ports.MetricsSource;
import dev.runshift.ports.RevisionMetrics;
import dev.runshift.ports.WindowMetrics;
import dev.runshift.traffic.TrafficMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Metrics derived from the traffic a {@link FakeCloudRun} serves: the service receives
 * {@link #requestsPerSecond} requests per second, split by the traffic percents (for {@code readPeriods},
 * those in effect during each period when the Cloud Run fake has a clock; unless a {@link Load} says
 * otherwise), and each revision's error rate and latency come from a scriptable
 * {@link Behaviour} (a function of its traffic percent and the window). Revisions without a behaviour of
 * their own use {@link #candidate} when they are the query's candidate and {@link #stable} otherwise.
 * Every query is recorded, and every {@code readPeriods} answer with it ({@link #periodReads()}).
 */
public class FakeMetricsSource implements MetricsSource {

  /** What a revision does while serving {@code percent} of the traffic during the window. */
  @FunctionalInterface
  public interface Behaviour {
    Signals at(int percent, long windowStartMillis, long windowEndMillis);
  }

  /**
   * How many requests per second {@code revision} receives while it holds {@code percent} of the traffic,
   * in the sample period starting at {@code periodStartMillis}.
   */
  @FunctionalInterface
  public interface Load {
    double perSecond(String revision, int percent, long periodStartMillis);
  }

  /** One {@code readPeriods} call: the query and what it answered (null when the read failed). */
  public record PeriodRead(MetricsQuery query, PeriodSeries series) {}

  /** Error rate in [0, 1] and latency percentiles in milliseconds (null: no latency data). */
  public record Signals(double errorRate, Double p50Ms, Double p95Ms, Double p99Ms) {
    public static Signals healthy() {
      return new Signals(0.001, 40.0, 120.0, 300.0);
    }

    public static Signals errors(double errorRate) {
      return new Signals(errorRate, 40.0, 120.0, 300.0);
    }

    public static Signals slow(double factor) {
      return new Signals(0.001, 40.0 * factor, 120.0 * factor, 300.0 * factor);
    }
  }

  private final FakeCloudRun cloudRun;
  private final Map<String, Behaviour> byRevision = new HashMap<>();
  private final List<MetricsQuery> queries = new ArrayList<>();
  private final List<PeriodRead> periodReads = new ArrayList<>();
  private double requestsPerSecond = 10.0;
  private Load load;
  private String failWith;
  private boolean failTransiently;
  private Behaviour candidate = (percent, start, end) -> Signals.healthy();
  private Behaviour stable = (percent, start, end) -> Signals.healthy();

  public FakeMetricsSource(FakeCloudRun cloudRun) {
    this.cloudRun = cloudRun;
  }

  public synchronized FakeMetricsSource requestsPerSecond(double perSecond) {
    requestsPerSecond = perSecond;
    return this;
  }

  /**
   * Replaces the even split of {@link #requestsPerSecond} for {@code readPeriods} (null restores it): e.g.
   * stable revisions that serve nothing, before or during the release.
   */
  public synchronized FakeMetricsSource load(Load value) {
    load = value;
    return this;
  }

  public synchronized FakeMetricsSource candidate(Behaviour behaviour) {
    candidate = behaviour;
    return this;
  }

  public synchronized FakeMetricsSource stable(Behaviour behaviour) {
    stable = behaviour;
    return this;
  }

  public synchronized FakeMetricsSource revision(String revision, Behaviour behaviour) {
    byRevision.put(revision, behaviour);
    return this;
  }

  /** Every read fails with a non-retryable failure of {@code type} until {@code null} is passed. */
  public synchronized FakeMetricsSource failWith(String type) {
    failWith = type;
    failTransiently = false;
    return this;
  }

  /** Every read fails with a retryable failure of {@code type} (a transient Google error) until {@code null}. */
  public synchronized FakeMetricsSource failTransientlyWith(String type) {
    failWith = type;
    failTransiently = type != null;
    return this;
  }

  private io.temporal.failure.ApplicationFailure refusal() {
    return failTransiently
        ? io.temporal.failure.ApplicationFailure.newFailure("metrics read refused by the fake (transient)", failWith)
        : io.temporal.failure.ApplicationFailure.newNonRetryableFailure("metrics read refused by the fake", failWith);
  }

  public synchronized List<MetricsQuery> queries() {
    return List.copyOf(queries);
  }

  /** Every {@code readPeriods} call in order, with its answer (null for a failed read). */
  public synchronized List<PeriodRead> periodReads() {
    return new ArrayList<>(periodReads);
  }

  @Override
  public WindowMetrics read(MetricsQuery query) {
    TrafficMap traffic = cloudRun.traffic(query.service()); // outside this fake's lock: see readPeriods
    return read(query, traffic);
  }

  private synchronized WindowMetrics read(MetricsQuery query, TrafficMap traffic) {
    queries.add(query);
    if (failWith != null) {
      throw refusal();
    }
    double seconds = Math.max(0, query.endEpochMillis() - query.startEpochMillis()) / 1000.0;
    RevisionMetrics candidateMetrics = served(query, query.candidateRevision(),
        byRevision.getOrDefault(query.candidateRevision(), candidate), traffic, seconds);
    List<RevisionMetrics> stables = new ArrayList<>();
    for (String revision : query.stableRevisions()) {
      stables.add(served(query, revision, byRevision.getOrDefault(revision, stable), traffic, seconds));
    }
    return new WindowMetrics(
        candidateMetrics, aggregate(stables), query.startEpochMillis(), query.endEpochMillis());
  }

  /** The fake's latency layout: Cloud Run's exponential buckets (scale 1 ms, growth 1.4, 100 finite). */
  public static final List<Double> LATENCY_BOUNDS = latencyBounds();

  /**
   * Every whole 60 s period inside the query window, with the counts the traffic in effect at the
   * period's middle gives (the current traffic when the Cloud Run fake has no clock), so a baseline read
   * after the first shift still sees the traffic from before the release (no sampling noise: these fakes
   * test the workflow's plumbing; decision quality is measured by {@code runshift bench decisions} on the simulator's statistical model). Latency buckets put half the
   * requests at p50, 45% at p95, 4% at p99 and 1% just above p99. A revision's 5xx are spread evenly over
   * its periods without rounding bias: period {@code k} of a revision expecting {@code e} 5xx a period
   * gets {@code floor(e(k+1)) - floor(ek)}, so an arm expecting 0.3 a period shows 3 in 10 periods, as
   * many as another arm with the same rate and more requests shows in proportion (rounding each period
   * would show it none).
   */
  @Override
  public PeriodSeries readSummed(MetricsQuery query) {
    return readPeriods(query).summed();
  }

  @Override
  public PeriodSeries readPeriods(MetricsQuery query) {
    // The traffic first, outside this fake's lock: a Cloud Run fake may call into this one while holding
    // its own lock (RecordingCloudRun scripts bad tenants on deploy), so the other order could deadlock.
    long period = 60_000;
    long first = Math.floorDiv(query.startEpochMillis() + period - 1, period) * period;
    List<TrafficMap> traffic = new ArrayList<>();
    for (long start = first; start + period <= query.endEpochMillis(); start += period) {
      traffic.add(cloudRun.trafficAt(query.service(), start + period / 2));
    }
    return readPeriods(query, first, period, traffic);
  }

  private synchronized PeriodSeries readPeriods(MetricsQuery query, long first, long period, List<TrafficMap> at) {
    queries.add(query);
    if (failWith != null) {
      periodReads.add(new PeriodRead(query, null));
      throw refusal();
    }
    List<MetricPeriod> periods = new ArrayList<>();
    for (int i = 0; i < at.size(); i++) {
      long start = first + i * period;
      TrafficMap traffic = at.get(i);
      ArmCounts candidateCounts = counts(query.candidateRevision(),
          byRevision.getOrDefault(query.candidateRevision(), candidate), traffic, start, start + period);
      ArmCounts stableCounts = ArmCounts.empty();
      for (String revision : query.stableRevisions()) {
        stableCounts = stableCounts.plus(
            counts(revision, byRevision.getOrDefault(revision, stable), traffic, start, start + period));
      }
      if (candidateCounts.requests() + stableCounts.requests() > 0) {
        periods.add(new MetricPeriod(start, start + period, candidateCounts, stableCounts));
      }
    }
    PeriodSeries series = new PeriodSeries(periods, periods.isEmpty() ? List.of() : LATENCY_BOUNDS);
    periodReads.add(new PeriodRead(query, series));
    return series;
  }

  private ArmCounts counts(String revision, Behaviour behaviour, TrafficMap traffic, long start, long end) {
    int percent = traffic == null ? 0 : traffic.percentOf(revision);
    double perSecond = load == null ? requestsPerSecond * percent / 100.0 : load.perSecond(revision, percent, start);
    long requests = Math.round(perSecond * (end - start) / 1000.0);
    if (requests == 0) {
      return ArmCounts.empty();
    }
    Signals signals = behaviour.at(percent, start, end);
    double expectedErrors = requests * signals.errorRate();
    long k = Math.floorDiv(start, end - start);
    long errors = Math.min(requests, Math.max(0,
        (long) Math.floor(expectedErrors * (k + 1) + 1e-6) - (long) Math.floor(expectedErrors * k + 1e-6)));
    long[] buckets = new long[LATENCY_BOUNDS.size() + 1];
    if (signals.p50Ms() != null) {
      long p50 = requests / 2;
      long p95 = requests * 45 / 100;
      long p99 = requests * 4 / 100;
      buckets[bucketOf(signals.p50Ms())] += p50;
      buckets[bucketOf(signals.p95Ms())] += p95;
      buckets[bucketOf(signals.p99Ms())] += p99;
      buckets[Math.min(buckets.length - 1, bucketOf(signals.p99Ms()) + 1)] += requests - p50 - p95 - p99;
    }
    return new ArmCounts(requests, errors, buckets);
  }

  private static int bucketOf(double ms) {
    int i = 0;
    while (i < LATENCY_BOUNDS.size() && LATENCY_BOUNDS.get(i) <= ms) {
      i++;
    }
    return i;
  }

  private static List<Double> latencyBounds() {
    List<Double> bounds = new ArrayList<>();
    for (int i = 0; i <= 100; i++) {
      bounds.add(Math.pow(1.4, i));
    }
    return List.copyOf(bounds);
  }

  private RevisionMetrics served(
      MetricsQuery query, String revision, Behaviour behaviour, TrafficMap traffic, double seconds) {
    int percent = traffic == null ? 0 : traffic.percentOf(revision);
    long requests = Math.round(requestsPerSecond * percent / 100.0 * seconds);
    if (requests == 0) {
      return RevisionMetrics.empty();
    }
    Signals signals = behaviour.at(percent, query.startEpochMillis(), query.endEpochMillis());
    return new RevisionMetrics(requests, Math.round(requests * signals.errorRate()),
        signals.p50Ms(), signals.p95Ms(), signals.p99Ms(), (int) Math.max(1, seconds / 60));
  }

  /** Requests and errors add up; latencies are request-weighted means over revisions that have them. */
  private static RevisionMetrics aggregate(List<RevisionMetrics> parts) {
    long requests = 0;
    long errors = 0;
    int points = 0;
    for (RevisionMetrics part : parts) {
      requests += part.requests();
      errors += part.errors5xx();
      points = Math.max(points, part.samplePoints());
    }
    if (requests == 0) {
      return RevisionMetrics.empty();
    }
    return new RevisionMetrics(requests, errors, weighted(parts, RevisionMetrics::p50Ms),
        weighted(parts, RevisionMetrics::p95Ms), weighted(parts, RevisionMetrics::p99Ms), points);
  }

  private static Double weighted(
      List<RevisionMetrics> parts, java.util.function.Function<RevisionMetrics, Double> latency) {
    double sum = 0;
    long weight = 0;
    for (RevisionMetrics part : parts) {
      Double value = latency.apply(part);
      if (value != null && part.requests() > 0) {
        sum += value * part.requests();
        weight += part.requests();
      }
    }
    return weight == 0 ? null : sum / weight;
  }
}
