package dev.runshift.health;

import dev.runshift.policy.RolloutPolicy;
import dev.runshift.ports.ArmCounts;
import dev.runshift.ports.MetricPeriod;
import dev.runshift.ports.PeriodSeries;
import dev.runshift.ports.RevisionMetrics;
import dev.runshift.ports.WindowMetrics;
import java.util.List;

/**
 * Everything a release has measured so far, fed whole sample periods, each exactly once. Guarantees:
 *
 * <ul>
 *   <li>A period is counted once: {@link #add} skips any period that starts before {@link #queryFrom()},
 *       and {@code queryFrom} moves to the end of the newest period counted. Ask Monitoring for
 *       {@code [queryFrom(), now)} at every look.
 *   <li>Release-wide counts (and the 5xx ratio test) keep every period of every step: the tests are
 *       anytime-valid over the whole release, so evidence is never forgotten between looks or steps.
 *   <li>Step counts keep the periods that belong to the current step: those that ended at least half a
 *       period after the step's traffic change (so most of their traffic had the step's split).
 *   <li>The latency reference bound for {@code maxLatencyRatio} is fixed once, from the stable revisions'
 *       own latency (baseline and concurrent), and depends on stable's data only, so candidate data
 *       judged against it stays independent of it.
 * </ul>
 *
 * <p>Mutable, deterministic, no I/O: a release workflow keeps one in memory; the decision benchmark
 * drives the very same class.
 */
public final class ReleaseEvidence {
  /** Stable requests with latency needed before the latency reference bound is fixed. */
  static final long LATENCY_REFERENCE_REQUESTS = 1000;

  private final ErrorRatioTest ratio;
  private final ArmCounts baseline;
  private List<Double> latencyBounds;
  private ArmCounts candidate = ArmCounts.empty();
  private ArmCounts stable = ArmCounts.empty();
  private int periods;
  private long queryFrom = Long.MIN_VALUE;
  /** The first traffic change of the release: periods that end by then carry no candidate traffic. */
  private long firstShift = Long.MIN_VALUE;
  private int stepIndex = -1;
  private long stepStart;
  private ArmCounts stepCandidate = ArmCounts.empty();
  private ArmCounts stepStable = ArmCounts.empty();
  private int stepPeriods;
  private long stepPeriodMillis;
  private int unhealthyInARow;
  private Double latencyReferenceMs;

  private ReleaseEvidence(RolloutPolicy policy, ArmCounts baseline, List<Double> latencyBounds) {
    this.ratio = new ErrorRatioTest(policy.verdict().maxErrorRatio(), policy.verdict().detectErrorRatio());
    this.baseline = baseline;
    this.latencyBounds = latencyBounds;
  }

  /**
   * Starts the evidence of a release. {@code baselineSeries}: the stable revisions' periods from before the
   * release (their stable arm is summed into the baseline); empty or null when there is none.
   */
  public static ReleaseEvidence start(RolloutPolicy policy, PeriodSeries baselineSeries) {
    ArmCounts summed = ArmCounts.empty();
    List<Double> bounds = List.of();
    if (baselineSeries != null) {
      for (MetricPeriod p : baselineSeries.periods()) {
        summed = summed.plus(p.stable());
      }
      bounds = baselineSeries.latencyBounds();
    }
    return new ReleaseEvidence(policy, summed.requests() > 0 ? summed : null, bounds);
  }

  /** A traffic change at {@code shiftEpochMillis}: step {@code index} begins (or begins again). */
  public void startStep(int index, long shiftEpochMillis) {
    stepIndex = index;
    stepStart = shiftEpochMillis;
    stepCandidate = ArmCounts.empty();
    stepStable = ArmCounts.empty();
    stepPeriods = 0;
    stepPeriodMillis = 0;
    unhealthyInARow = 0;
    if (queryFrom == Long.MIN_VALUE) {
      // The period in which the first shift happened already carries candidate traffic (Cloud Run's
      // sample period is 60 s, so it starts in the minute before); periods that end by the shift do not.
      queryFrom = shiftEpochMillis - 60_000L;
      firstShift = shiftEpochMillis;
    }
  }

  /** Where the next Monitoring read starts: the end of the newest period counted. */
  public long queryFrom() {
    return queryFrom;
  }

  /** Counts every period of {@code series} that was not counted before. */
  public void add(PeriodSeries series) {
    boolean boundsMatch = adoptBounds(series.latencyBounds());
    for (MetricPeriod p : series.periods()) {
      if (p.startEpochMillis() < queryFrom) {
        continue;
      }
      if (p.endEpochMillis() <= firstShift) {
        queryFrom = p.endEpochMillis(); // before the release's first traffic change: not its evidence
        continue;
      }
      ArmCounts c = boundsMatch ? p.candidate() : withoutLatency(p.candidate());
      ArmCounts s = boundsMatch ? p.stable() : withoutLatency(p.stable());
      ratio.add(c.requests(), c.errors5xx(), s.requests(), s.errors5xx());
      candidate = candidate.plus(c);
      stable = stable.plus(s);
      periods++;
      long length = p.endEpochMillis() - p.startEpochMillis();
      if (p.endEpochMillis() - stepStart >= (length + 1) / 2) {
        stepCandidate = stepCandidate.plus(c);
        stepStable = stepStable.plus(s);
        stepPeriods++;
        stepPeriodMillis += length;
      }
      queryFrom = p.endEpochMillis();
    }
    fixLatencyReference();
  }

  /** Starts the evidence afresh (an operator's retry after a failed verdict), keeping the baseline. */
  public ReleaseEvidence restarted(RolloutPolicy policy) {
    ReleaseEvidence fresh = new ReleaseEvidence(policy, baseline, latencyBounds);
    fresh.queryFrom = queryFrom;
    fresh.stepIndex = stepIndex;
    fresh.stepStart = stepStart;
    return fresh;
  }

  /** Records a threshold verdict: the count of Unhealthy verdicts in a row at this step. */
  public int noteThresholdVerdict(Health health) {
    unhealthyInARow = health == Health.UNHEALTHY ? unhealthyInARow + 1 : 0;
    return unhealthyInARow;
  }

  /**
   * The current step's periods as one window, for the threshold analysis: percentiles read from the
   * summed bucket counts.
   */
  public WindowMetrics stepWindow(long nowEpochMillis) {
    return new WindowMetrics(
        revisionMetrics(stepCandidate, stepPeriods), revisionMetrics(stepStable, stepPeriods),
        stepStart, nowEpochMillis);
  }

  private RevisionMetrics revisionMetrics(ArmCounts counts, int points) {
    if (counts.requests() == 0) {
      return RevisionMetrics.empty();
    }
    long[] buckets = counts.latencyBuckets();
    return new RevisionMetrics(counts.requests(), counts.errors5xx(),
        LatencyBuckets.percentile(latencyBounds, buckets, 0.50),
        LatencyBuckets.percentile(latencyBounds, buckets, 0.95),
        LatencyBuckets.percentile(latencyBounds, buckets, 0.99), points);
  }

  private boolean adoptBounds(List<Double> bounds) {
    if (bounds.isEmpty()) {
      return true; // no latency data in this series
    }
    if (latencyBounds.isEmpty()) {
      latencyBounds = bounds;
      return true;
    }
    return latencyBounds.equals(bounds);
  }

  private static ArmCounts withoutLatency(ArmCounts counts) {
    return new ArmCounts(counts.requests(), counts.errors5xx(), null);
  }

  private void fixLatencyReference() {
    if (latencyReferenceMs != null) {
      return;
    }
    ArmCounts reference = baseline == null ? stable : stable.plus(baseline);
    if (reference.latencyCount() >= LATENCY_REFERENCE_REQUESTS) {
      latencyReferenceMs = LatencyBuckets.upperBoundOfQuantile(latencyBounds, reference.latencyBuckets(), 0.99);
    }
  }

  public ErrorRatioTest ratio() {
    return ratio;
  }

  /** The candidate over every counted period. */
  public ArmCounts candidate() {
    return candidate;
  }

  /** The stable revisions over every counted period. */
  public ArmCounts stable() {
    return stable;
  }

  /** The stable revisions before the release, or null. */
  public ArmCounts baseline() {
    return baseline;
  }

  public List<Double> latencyBounds() {
    return latencyBounds;
  }

  /** The stable revisions' p99 (upper bucket bound), fixed once known; null until then. */
  public Double latencyReferenceMs() {
    return latencyReferenceMs;
  }

  public int periods() {
    return periods;
  }

  public int stepIndex() {
    return stepIndex;
  }

  public long stepStart() {
    return stepStart;
  }

  public ArmCounts stepCandidate() {
    return stepCandidate;
  }

  public ArmCounts stepStable() {
    return stepStable;
  }

  public int stepPeriods() {
    return stepPeriods;
  }

  /** The length of time the step's counted periods cover. */
  public long stepPeriodMillis() {
    return stepPeriodMillis;
  }
}
