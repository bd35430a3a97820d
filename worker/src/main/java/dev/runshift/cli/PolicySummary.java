package dev.runshift.cli;

import dev.runshift.config.Durations;
import dev.runshift.policy.Analysis;
import dev.runshift.policy.RolloutPolicy;
import dev.runshift.policy.VerdictPolicy;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A rollout policy on one line, for people: {@code steps 10,50,100; soak 0s; look every 1m; ≥100 req per
 * step; sequential 5xx (alpha 0.01, beta 0.01, ≤1x stable); transient faults retried for 30m; on failure
 * rollback}. Optional limits appear
 * only when set.
 */
final class PolicySummary {
  private PolicySummary() {}

  static String of(RolloutPolicy p) {
    if (p == null) {
      return "-";
    }
    List<String> parts = new ArrayList<>();
    parts.add("steps " + p.steps().stream().map(String::valueOf).collect(Collectors.joining(",")));
    parts.add("soak " + duration(p.soak()));
    parts.add("look every " + duration(p.analysisInterval()));
    parts.add("≥" + p.minRequests() + " req per look");
    VerdictPolicy v = p.verdict();
    if (v == null || v.analysis() == Analysis.THRESHOLD) {
      parts.add("threshold: 5xx ≤" + percent(p.maxErrorRate()) + ", " + p.failureLimit() + " unhealthy in a row fail");
    } else {
      parts.add(String.format(Locale.ROOT, "sequential 5xx (alpha %s, beta %s, ≤%sx stable)", number(v.alpha()),
          number(v.beta()), number(v.maxErrorRatio())));
    }
    if (p.maxErrorRateIncrease() != null) {
      parts.add("5xx ≤ stable+" + percent(p.maxErrorRateIncrease()));
    }
    latency(parts, "p50", p.maxP50Ms());
    latency(parts, "p95", p.maxP95Ms());
    latency(parts, "p99", p.maxP99Ms());
    if (p.maxLatencyRatio() != null) {
      parts.add("latency ≤" + number(p.maxLatencyRatio()) + "x stable");
    }
    if (p.approvalSteps() != null && !p.approvalSteps().isEmpty()) {
      parts.add("approval before " + p.approvalSteps().stream().map(s -> s + "%").collect(Collectors.joining(",")));
    }
    if (p.smoke() != null) {
      parts.add("smoke " + p.smoke().path());
    }
    if (p.maxWaitForTraffic() != null) {
      parts.add("operator after " + duration(p.maxWaitForTraffic()) + " without a verdict");
    }
    if (p.transientRetryFor() != null) {
      parts.add("transient faults retried for " + duration(p.transientRetryFor()));
    }
    parts.add("on failure " + p.onFailure().name().toLowerCase(Locale.ROOT));
    return String.join("; ", parts);
  }

  private static void latency(List<String> parts, String name, Double limitMs) {
    if (limitMs != null) {
      parts.add(name + " ≤" + number(limitMs) + " ms");
    }
  }

  private static String duration(Duration d) {
    return d == null ? "-" : Durations.format(d);
  }

  private static String percent(double fraction) {
    return number(fraction * 100) + "%";
  }

  private static String number(double value) {
    return new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros().toPlainString();
  }
}
