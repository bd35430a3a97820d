package dev.runshift.bench.decisions;

import com.google.api.Distribution;
import com.google.api.Distribution.BucketOptions;
import dev.runshift.ports.ArmCounts;
import dev.runshift.ports.MetricPeriod;
import dev.runshift.ports.PeriodSeries;
import dev.runshift.simulator.core.ImageBehaviour;
import dev.runshift.simulator.core.ImageBehaviours;
import dev.runshift.simulator.monitoring.RequestModel;
import dev.runshift.simulator.monitoring.ServiceTimeline;
import dev.runshift.simulator.monitoring.ServiceTimeline.Segment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The traffic of one simulated release, drawn by the local simulator's own sampler
 * ({@link RequestModel}, the model behind its Cloud Monitoring API) over a {@link ServiceTimeline} that
 * gains a segment at every traffic change, and handed out as a Cloud Monitoring read would return it.
 *
 * <p>{@link #periods(long, long)} returns exactly the periods a {@code readPeriods} at time {@code now}
 * returns: whole {@value #PERIOD_MILLIS} ms sample periods aligned to the minute, lying inside
 * {@code [from, now)}, and ended at least {@code delay} before {@code now}; a period in which neither
 * revision served a request is left out, as Monitoring writes no zero points. A period's counts are drawn
 * once and kept, so they are the same however often and from wherever it is read, and
 * {@link #served(long, long)} counts what the candidate really served from the same draws, including
 * periods Monitoring does not show yet.
 *
 * <p>Every policy simulating replicate {@code i} of a cell gets a generator with the same seed: the
 * sampler draws each period from a stream keyed by the seed, the revision and the period, so policies
 * see the same random streams (common random numbers) as far as their traffic splits allow.
 *
 * <p>Not thread-safe: one generator per simulated release.
 */
public final class TrafficGenerator {
  public static final long PERIOD_MILLIS = 60_000;
  static final String PROJECT = "bench";
  static final String LOCATION = "us-central1";
  static final String SERVICE = "api";
  static final String STABLE = "api-stable";
  static final String CANDIDATE = "api-candidate";
  static final String STABLE_IMAGE = "us-docker.pkg.dev/bench/apps/api@sha256:" + "0".repeat(64);
  static final String CANDIDATE_IMAGE = "us-docker.pkg.dev/bench/apps/api@sha256:" + "1".repeat(64);
  /** Stable's latencies (ms) before any change: the simulator's healthy image. */
  static final double P50_MS = ImageBehaviour.healthy().p50Ms();
  static final double P99_MS = ImageBehaviour.healthy().p99Ms();

  private final Cell cell;
  private final Names names;
  private final long delayMillis;
  private final boolean latencies;
  private final RequestModel model;
  private final List<Segment> segments = new ArrayList<>();
  private ServiceTimeline timeline;
  private final List<Drawn> drawn = new ArrayList<>();
  private long firstDrawn = Long.MIN_VALUE;
  private long lastEndAsked = Long.MIN_VALUE;
  private List<Double> bounds = List.of();

  /** What both revisions served in one period. */
  private record Drawn(ArmCounts candidate, ArmCounts stable) {}

  /**
   * The names a generator draws under. The {@link RequestModel} seeds every period's draw from the
   * project, location, service and revision names (and the seed and period), so a generator given a real
   * release's names, seed and traffic history draws exactly what the simulator's Monitoring serves for it.
   */
  public record Names(String project, String location, String service, String stableRevision,
      String candidateRevision) {
    /** The benchmark's own names. */
    public static final Names BENCH = new Names(PROJECT, LOCATION, SERVICE, STABLE, CANDIDATE);
  }

  /**
   * @param seed the replicate's seed (the same for every policy)
   * @param latencies whether to draw latency distributions (slower; needed only when the cell changes
   *     latency or the policy checks it)
   * @param historyStart from when stable serves 100% of the cell's traffic (before the release)
   */
  public TrafficGenerator(Cell cell, long seed, Duration delay, boolean latencies, long historyStart) {
    this(cell, seed, delay, latencies, historyStart, Names.BENCH);
  }

  /** A generator drawing under {@code names} (see {@link Names}); otherwise as the constructor above. */
  public TrafficGenerator(Cell cell, long seed, Duration delay, boolean latencies, long historyStart, Names names) {
    this.cell = cell;
    this.names = names;
    if (delay.isNegative()) {
      throw new IllegalArgumentException("the metrics delay cannot be negative: " + delay);
    }
    this.delayMillis = delay.toMillis();
    this.latencies = latencies;
    ImageBehaviours images = new ImageBehaviours();
    images.set(STABLE_IMAGE, new ImageBehaviour(cell.baseRate(), P50_MS, P99_MS, null));
    images.set(CANDIDATE_IMAGE, new ImageBehaviour(
        cell.candidateRate(), P50_MS * cell.latencyChange(), P99_MS * cell.latencyChange(), null));
    this.model = RequestModels.create(seed, images);
    segments.add(new Segment(Instant.ofEpochMilli(historyStart), cell.requestsPerSecond(),
        Map.of(names.stableRevision(), 100)));
    rebuild();
  }

  /** From {@code at} on, the candidate gets {@code percent} of the traffic and stable the rest. */
  public void shift(long at, int percent) {
    if (at < lastEndAsked) {
      throw new IllegalStateException("a traffic change at " + at + " would rewrite periods already drawn (up to "
          + lastEndAsked + ")");
    }
    segments.add(new Segment(Instant.ofEpochMilli(at), cell.requestsPerSecond(),
        percent >= 100 ? Map.of(names.candidateRevision(), 100)
            : Map.of(names.stableRevision(), 100 - percent, names.candidateRevision(), percent)));
    rebuild();
  }

  /** The end of the newest period Monitoring shows at {@code now}: aligned, {@code delay} before it. */
  public long visibleUntil(long now) {
    return Math.floorDiv(now - delayMillis, PERIOD_MILLIS) * PERIOD_MILLIS;
  }

  /** The periods a Monitoring read of {@code [from, now)} returns at {@code now}, oldest first. */
  public PeriodSeries periods(long from, long now) {
    long first = Math.floorDiv(from + PERIOD_MILLIS - 1, PERIOD_MILLIS);
    long end = Math.floorDiv(Math.min(now, visibleUntil(now)), PERIOD_MILLIS); // exclusive
    List<MetricPeriod> out = new ArrayList<>();
    for (long k = first; k < end; k++) {
      Drawn d = draw(k);
      if (d.candidate.requests() > 0 || d.stable.requests() > 0) {
        out.add(new MetricPeriod(k * PERIOD_MILLIS, (k + 1) * PERIOD_MILLIS, d.candidate, d.stable));
      }
    }
    return new PeriodSeries(out, latencies && !out.isEmpty() ? bounds : List.of());
  }

  /**
   * What the candidate really served in {@code [from, until)} (both aligned to periods), visible or not:
   * requests and 5xx.
   */
  public ArmCounts served(long from, long until) {
    if (from % PERIOD_MILLIS != 0 || until % PERIOD_MILLIS != 0) {
      throw new IllegalArgumentException("served() counts whole periods: " + from + ", " + until);
    }
    long requests = 0;
    long errors = 0;
    for (long k = from / PERIOD_MILLIS; k < until / PERIOD_MILLIS; k++) {
      ArmCounts c = draw(k).candidate;
      requests += c.requests();
      errors += c.errors5xx();
    }
    return new ArmCounts(requests, errors, null);
  }

  private Drawn draw(long k) {
    long end = (k + 1) * PERIOD_MILLIS;
    lastEndAsked = Math.max(lastEndAsked, end);
    if (firstDrawn == Long.MIN_VALUE) {
      firstDrawn = k;
    }
    if (k < firstDrawn) {
      // Periods are cached from the first one drawn on; an earlier one is drawn afresh (deterministic).
      return sample(k);
    }
    int index = (int) (k - firstDrawn);
    while (drawn.size() <= index) {
      drawn.add(null);
    }
    Drawn d = drawn.get(index);
    if (d == null) {
      d = sample(k);
      drawn.set(index, d);
    }
    return d;
  }

  private Drawn sample(long k) {
    Instant start = Instant.ofEpochMilli(k * PERIOD_MILLIS);
    Instant end = Instant.ofEpochMilli((k + 1) * PERIOD_MILLIS);
    return new Drawn(
        arm(model.sample(timeline, names.candidateRevision(), start, end, k, latencies)),
        arm(model.sample(timeline, names.stableRevision(), start, end, k, latencies)));
  }

  private ArmCounts arm(RequestModel.Sample s) {
    if (!latencies || s.requests() == 0) {
      return new ArmCounts(s.requests(), s.errors(), null);
    }
    Distribution ok = s.okLatencies();
    Distribution err = s.errorLatencies();
    if (bounds.isEmpty()) {
      bounds = bounds(ok.getBucketOptions());
    }
    long[] buckets = new long[Math.max(ok.getBucketCountsCount(), err.getBucketCountsCount())];
    for (int i = 0; i < ok.getBucketCountsCount(); i++) {
      buckets[i] += ok.getBucketCounts(i);
    }
    for (int i = 0; i < err.getBucketCountsCount(); i++) {
      buckets[i] += err.getBucketCounts(i);
    }
    return new ArmCounts(s.requests(), s.errors(), buckets);
  }

  /** The finite bucket boundaries of Cloud Run's exponential latency buckets. */
  static List<Double> bounds(BucketOptions options) {
    BucketOptions.Exponential e = options.getExponentialBuckets();
    List<Double> out = new ArrayList<>();
    for (int i = 0; i <= e.getNumFiniteBuckets(); i++) {
      out.add(e.getScale() * Math.pow(e.getGrowthFactor(), i));
    }
    return List.copyOf(out);
  }

  private void rebuild() {
    timeline = new ServiceTimeline(names.project(), names.location(), names.service(), segments,
        Map.of(names.stableRevision(), STABLE_IMAGE, names.candidateRevision(), CANDIDATE_IMAGE));
  }
}
