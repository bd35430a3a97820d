package dev.runshift.health;

import dev.runshift.policy.RolloutPolicy;
import dev.runshift.ports.RevisionMetrics;
import dev.runshift.ports.WindowMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The pure verdict on one analysis window. Guarantees:
 *
 * <ul>
 *   <li>A candidate with fewer than {@code max(1, minRequests)} requests is INCONCLUSIVE, never Healthy:
 *       zero requests are inconclusive even when {@code minRequests} is 0.
 *   <li>Absolute limits always apply: a 5xx rate above {@code maxErrorRate}, or a latency percentile above
 *       its limit, is UNHEALTHY. A limit set on a percentile the window has no data for makes the
 *       verdict INCONCLUSIVE (unless another check already failed).
 *   <li>Relative checks ({@code maxErrorRateIncrease}, {@code maxLatencyRatio}) compare with the stable
 *       baseline only when stable served at least {@code max(1, minRequests)} requests. Otherwise they are
 *       skipped and the reason says so: a missing baseline neither fails a healthy candidate (stable has no
 *       traffic at the 100% step) nor lets a failing one pass, because the absolute limits still decide.
 *       A latency ratio is skipped for a percentile whose stable value is missing, NaN or not positive.
 *   <li>Any failed check makes the verdict UNHEALTHY, even when another check lacked data.
 * </ul>
 *
 * <p>Every check made is returned as a {@link Comparison}; checks that could not be made (no data) or
 * were skipped appear in the reason only.
 */
public final class HealthAnalysis {
  private HealthAnalysis() {}

  public static Verdict analyze(RolloutPolicy policy, WindowMetrics metrics) {
    return new Analysis(policy, metrics).run();
  }

  private static final class Analysis {
    private final RolloutPolicy policy;
    private final WindowMetrics metrics;
    private final RevisionMetrics candidate;
    private final long needed;
    private final List<Comparison> comparisons = new ArrayList<>();
    private final List<String> failed = new ArrayList<>();
    private final List<String> unknown = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();

    Analysis(RolloutPolicy policy, WindowMetrics metrics) {
      this.policy = policy;
      this.metrics = metrics;
      this.candidate =
          metrics == null || metrics.candidate() == null ? RevisionMetrics.empty() : metrics.candidate();
      this.needed = Math.max(1, policy.minRequests());
    }

    Verdict run() {
      boolean enoughTraffic = candidate.requests() >= needed;
      comparisons.add(new Comparison("candidate.requests", candidate.requests(), needed, enoughTraffic));
      if (!enoughTraffic) {
        return new Verdict(
            Health.INCONCLUSIVE,
            "inconclusive: candidate served " + candidate.requests() + " requests, needs at least " + needed,
            List.copyOf(comparisons),
            metrics);
      }
      checkAbsolute();
      checkRelative();
      return verdict();
    }

    private void checkAbsolute() {
      atMost("candidate.errorRate", candidate.errorRate(), policy.maxErrorRate());
      latencyLimit("p50", candidate.p50Ms(), policy.maxP50Ms());
      latencyLimit("p95", candidate.p95Ms(), policy.maxP95Ms());
      latencyLimit("p99", candidate.p99Ms(), policy.maxP99Ms());
    }

    private void latencyLimit(String percentile, Double observed, Double limit) {
      if (limit == null) {
        return;
      }
      if (!hasValue(observed)) {
        unknown.add("no candidate " + percentile + " latency data for the limit of " + fmt(limit) + " ms");
        return;
      }
      atMost("candidate." + percentile + "Ms", observed, limit);
    }

    private void checkRelative() {
      Double maxIncrease = policy.maxErrorRateIncrease();
      Double maxRatio = policy.maxLatencyRatio();
      if (maxIncrease == null && maxRatio == null) {
        return;
      }
      RevisionMetrics stable = metrics.stable();
      long stableRequests = stable == null ? 0 : stable.requests();
      if (stableRequests < needed) {
        skipped.add(
            "relative checks skipped: stable served " + stableRequests + " requests, needs at least " + needed);
        return;
      }
      if (maxIncrease != null) {
        atMost("errorRateIncrease", candidate.errorRate() - stable.errorRate(), maxIncrease);
      }
      if (maxRatio != null) {
        latencyRatio("p50", candidate.p50Ms(), stable.p50Ms(), maxRatio);
        latencyRatio("p95", candidate.p95Ms(), stable.p95Ms(), maxRatio);
        latencyRatio("p99", candidate.p99Ms(), stable.p99Ms(), maxRatio);
      }
    }

    private void latencyRatio(String percentile, Double observed, Double baseline, double maxRatio) {
      if (!hasValue(baseline) || baseline <= 0) {
        skipped.add(percentile + " ratio skipped: no stable " + percentile + " baseline");
        return;
      }
      if (!hasValue(observed)) {
        unknown.add("no candidate " + percentile + " latency data to compare with stable");
        return;
      }
      atMost(percentile + "Ratio", observed / baseline, maxRatio);
    }

    private void atMost(String check, double observed, double limit) {
      boolean passed = observed <= limit;
      comparisons.add(new Comparison(check, observed, limit, passed));
      if (!passed) {
        failed.add(check + " " + fmt(observed) + " > " + fmt(limit));
      }
    }

    private Verdict verdict() {
      Health health;
      String reason;
      if (!failed.isEmpty()) {
        health = Health.UNHEALTHY;
        reason = "unhealthy: " + String.join("; ", failed);
      } else if (!unknown.isEmpty()) {
        health = Health.INCONCLUSIVE;
        reason = "inconclusive: " + String.join("; ", unknown);
      } else {
        health = Health.HEALTHY;
        reason = "healthy: " + comparisons.size() + " checks passed over " + candidate.requests() + " requests";
      }
      if (!skipped.isEmpty()) {
        reason += " (" + String.join("; ", skipped) + ")";
      }
      return new Verdict(health, reason, List.copyOf(comparisons), metrics);
    }
  }

  private static boolean hasValue(Double value) {
    return value != null && !value.isNaN();
  }

  private static String fmt(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : String.format(Locale.ROOT, "%.4g", value);
  }
}
