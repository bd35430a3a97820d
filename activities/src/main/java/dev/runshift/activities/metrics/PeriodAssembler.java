package dev.runshift.activities.metrics;

import com.google.api.Distribution;
import com.google.monitoring.v3.Point;
import com.google.monitoring.v3.TimeSeries;
import com.google.monitoring.v3.TypedValue;
import com.google.protobuf.util.Timestamps;
import dev.runshift.ports.ArmCounts;
import dev.runshift.ports.MetricPeriod;
import dev.runshift.ports.PeriodSeries;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns Monitoring's per-period series into a {@link PeriodSeries}, as a pure function (no I/O).
 *
 * <p>Input: the request counts aligned into sample periods and summed per revision and response code
 * class ({@link RunMetricQueries#periodRequestCounts}), then optionally the latency distributions aligned
 * the same way and summed per revision ({@link RunMetricQueries#periodLatencies}).
 *
 * <ul>
 *   <li>A point belongs to the period {@code [end - period, end)} of its interval's end. Points whose
 *       period is not wholly inside the window, or whose end is not on a period boundary of the window,
 *       are ignored, so periods are never split, merged or counted outside the window.
 *   <li>The candidate arm is the candidate revision; the stable arm is the sum over the stable
 *       revisions; every other revision is ignored (the candidate wins if it is also listed as stable).
 *   <li>Requests are all response code classes; errors are class {@code 5xx}.
 *   <li>A period in which neither arm has a request is left out; periods are sorted oldest first.
 *   <li>Latency buckets are the distributions' bucket counts as Monitoring numbers them (2xx and 5xx
 *       together), on the finite boundaries {@link BucketLayouts} derives from their bucket options. A
 *       distribution without a histogram contributes no buckets (the arm's latency count is then below
 *       its requests, which the port allows).
 * </ul>
 *
 * <p><b>Differing bucket layouts.</b> When the distributions of the revisions of interest do not all
 * have the same boundaries (or one is malformed: invalid bucket options, more bucket counts than its
 * layout has buckets), latency is dropped for the whole answer: no period gets buckets and
 * {@code latencyBounds} is empty; {@link #latencyProblem()} says why so the caller can log it. Counts are
 * kept. This is preferred over failing the activity because the layout is Cloud Run's, not an input of
 * the release: no operator action and no retry would change the answer for that window, and a
 * non-retryable failure would roll a release back over a metrics format change. Missing latency is
 * already a state of the port ({@code latencyBounds} empty) that a consumer must read as no evidence
 * (as the threshold analysis reads a percentile limit with no data: inconclusive, never healthy), so
 * the drop can delay a verdict but never pass a release; and since a caller asks again only after the
 * newest period it got, a one-off layout change costs the latency of one read, not of the release.
 */
public final class PeriodAssembler {
  private static final String ERROR_CLASS = "5xx";
  private static final int CANDIDATE = 0;
  private static final int STABLE = 1;

  private static final class Arm {
    long requests;
    long errors;
    long[] buckets = new long[0];

    void addBuckets(List<Long> counts) {
      if (counts.size() > buckets.length) {
        buckets = Arrays.copyOf(buckets, counts.size());
      }
      for (int i = 0; i < counts.size(); i++) {
        buckets[i] += counts.get(i);
      }
    }
  }

  private final String candidate;
  private final Set<String> stable;
  private final long windowStart;
  private final long windowEnd;
  private final long period;
  /** Period end (epoch ms) to the two arms. */
  private final TreeMap<Long, Arm[]> periods = new TreeMap<>();
  private List<Double> layout;
  private String layoutSource;
  private String latencyProblem;

  /**
   * @param candidate the candidate revision (may be null: no candidate arm)
   * @param stable the stable revisions, summed into the stable arm
   * @param windowStartMillis the window's start, on a period boundary
   * @param windowEndMillis the window's end (exclusive), on a period boundary
   * @param periodMillis the sample period
   */
  public PeriodAssembler(String candidate, Collection<String> stable, long windowStartMillis, long windowEndMillis,
      long periodMillis) {
    if (periodMillis <= 0) {
      throw new IllegalArgumentException("period must be positive: " + periodMillis);
    }
    this.candidate = candidate;
    this.stable = stable == null ? Set.of() : Set.copyOf(stable);
    this.windowStart = windowStartMillis;
    this.windowEnd = windowEndMillis;
    this.period = periodMillis;
  }

  /** Adds request-count series grouped by revision and response code class, one point per period. */
  public PeriodAssembler addCounts(List<TimeSeries> series) {
    for (TimeSeries ts : series) {
      int arm = arm(ts);
      if (arm < 0) {
        continue;
      }
      boolean errors = ERROR_CLASS.equals(ts.getMetric().getLabelsMap().get(RunMetricQueries.CODE_CLASS_LABEL));
      for (Point p : ts.getPointsList()) {
        long end = Timestamps.toMillis(p.getInterval().getEndTime());
        if (!inWindow(end)) {
          continue;
        }
        long v = count(p.getValue());
        Arm a = arms(end)[arm];
        a.requests += v;
        if (errors) {
          a.errors += v;
        }
      }
    }
    return this;
  }

  /** True when the candidate or a stable revision served a request in a period of the window. */
  public boolean anyRequests() {
    return periods.values().stream().anyMatch(arms -> arms[CANDIDATE].requests > 0 || arms[STABLE].requests > 0);
  }

  /** Adds latency distribution series grouped by revision, one point per period. */
  public PeriodAssembler addLatencies(List<TimeSeries> series) {
    for (TimeSeries ts : series) {
      int arm = arm(ts);
      if (arm < 0) {
        continue;
      }
      for (Point p : ts.getPointsList()) {
        long end = Timestamps.toMillis(p.getInterval().getEndTime());
        if (!inWindow(end) || p.getValue().getValueCase() != TypedValue.ValueCase.DISTRIBUTION_VALUE) {
          continue;
        }
        Distribution d = p.getValue().getDistributionValue();
        if (d.getBucketCountsCount() == 0 || latencyProblem != null) {
          continue;
        }
        Optional<List<Double>> bounds = bounds(d, revision(ts), end);
        if (bounds.isEmpty() || latencyProblem != null) {
          continue;
        }
        arms(end)[arm].addBuckets(d.getBucketCountsList());
      }
    }
    return this;
  }

  /** Why latency was dropped from this answer, if it was. */
  public Optional<String> latencyProblem() {
    return Optional.ofNullable(latencyProblem);
  }

  /** The periods in which either arm served a request, oldest first, and the latency bucket boundaries. */
  public PeriodSeries series() {
    boolean keepLatency = latencyProblem == null;
    List<MetricPeriod> out = new ArrayList<>();
    boolean anyBuckets = false;
    for (Map.Entry<Long, Arm[]> e : periods.entrySet()) {
      Arm c = e.getValue()[CANDIDATE];
      Arm s = e.getValue()[STABLE];
      if (c.requests == 0 && s.requests == 0) {
        continue;
      }
      ArmCounts candidateCounts = new ArmCounts(c.requests, c.errors, keepLatency ? c.buckets : null);
      ArmCounts stableCounts = new ArmCounts(s.requests, s.errors, keepLatency ? s.buckets : null);
      anyBuckets |= candidateCounts.latencyBuckets().length > 0 || stableCounts.latencyBuckets().length > 0;
      out.add(new MetricPeriod(e.getKey() - period, e.getKey(), candidateCounts, stableCounts));
    }
    return new PeriodSeries(out, keepLatency && anyBuckets ? layout : List.of());
  }

  /** The boundaries of {@code d}, checked against the layout seen so far; records a problem otherwise. */
  private Optional<List<Double>> bounds(Distribution d, String revision, long end) {
    String where = "revision " + revision + ", period ending " + Timestamps.toString(Timestamps.fromMillis(end));
    Optional<List<Double>> bounds;
    try {
      bounds = BucketLayouts.bounds(d.getBucketOptions());
    } catch (IllegalArgumentException e) {
      latencyProblem = "latency distribution of " + where + " has " + e.getMessage();
      return Optional.empty();
    }
    if (bounds.isEmpty()) {
      return bounds;
    }
    if (d.getBucketCountsCount() > bounds.get().size() + 1) {
      latencyProblem = "latency distribution of " + where + " has " + d.getBucketCountsCount()
          + " bucket counts but its layout " + BucketLayouts.describe(d.getBucketOptions()) + " has "
          + (bounds.get().size() + 1) + " buckets";
      return Optional.empty();
    }
    if (layout == null) {
      layout = bounds.get();
      layoutSource = BucketLayouts.describe(d.getBucketOptions()) + " (" + where + ")";
    } else if (!layout.equals(bounds.get())) {
      latencyProblem = "latency distributions have different bucket layouts: "
          + layoutSource + " and " + BucketLayouts.describe(d.getBucketOptions()) + " (" + where + ")";
      return Optional.empty();
    }
    return bounds;
  }

  private boolean inWindow(long end) {
    return end - period >= windowStart && end <= windowEnd && (end - windowStart) % period == 0;
  }

  private Arm[] arms(long end) {
    return periods.computeIfAbsent(end, k -> new Arm[] {new Arm(), new Arm()});
  }

  /** {@link #CANDIDATE}, {@link #STABLE}, or -1 for a revision of no interest. */
  private int arm(TimeSeries ts) {
    String revision = revision(ts);
    if (revision == null) {
      return -1;
    }
    if (revision.equals(candidate)) {
      return CANDIDATE;
    }
    return stable.contains(revision) ? STABLE : -1;
  }

  private static String revision(TimeSeries ts) {
    String revision = ts.getResource().getLabelsMap().get(RunMetricQueries.REVISION_LABEL);
    return revision != null ? revision : ts.getMetric().getLabelsMap().get(RunMetricQueries.REVISION_LABEL);
  }

  private static long count(TypedValue v) {
    switch (v.getValueCase()) {
      case INT64_VALUE:
        return v.getInt64Value();
      case DOUBLE_VALUE:
        return Math.round(v.getDoubleValue());
      case DISTRIBUTION_VALUE:
        return v.getDistributionValue().getCount();
      default:
        return 0;
    }
  }
}
