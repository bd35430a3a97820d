package dev.runshift.testing;

import dev.runshift.ports.MetricsQuery;
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
 * {@link #requestsPerSecond} requests per second, split by the current traffic percents, and each
 * revision's error rate and latency come from a scriptable {@link Behaviour} (a function of its traffic
 * percent and the window). Revisions without a behaviour of their own use {@link #candidate} when they
 * are the query's candidate and {@link #stable} otherwise. Every query is recorded.
 */
public class FakeMetricsSource implements MetricsSource {

  /** What a revision does while serving {@code percent} of the traffic during the window. */
  @FunctionalInterface
  public interface Behaviour {
    Signals at(int percent, long windowStartMillis, long windowEndMillis);
  }

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
  private double requestsPerSecond = 10.0;
  private String failWith;
  private Behaviour candidate = (percent, start, end) -> Signals.healthy();
  private Behaviour stable = (percent, start, end) -> Signals.healthy();

  public FakeMetricsSource(FakeCloudRun cloudRun) {
    this.cloudRun = cloudRun;
  }

  public synchronized FakeMetricsSource requestsPerSecond(double perSecond) {
    requestsPerSecond = perSecond;
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
    return this;
  }

  public synchronized List<MetricsQuery> queries() {
    return List.copyOf(queries);
  }

  @Override
  public synchronized WindowMetrics read(MetricsQuery query) {
    queries.add(query);
    if (failWith != null) {
      throw io.temporal.failure.ApplicationFailure.newNonRetryableFailure(
          "metrics read refused by the fake", failWith);
    }
    TrafficMap traffic = cloudRun.traffic(query.service());
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

  @Override
  public dev.runshift.ports.PeriodSeries readPeriods(MetricsQuery query) {
    throw new UnsupportedOperationException("readPeriods: not implemented yet");
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
