package dev.runshift.health;

import dev.runshift.health.VerdictEvidence.ArmSummary;
import dev.runshift.health.VerdictEvidence.Check;
import dev.runshift.health.VerdictEvidence.Role;
import dev.runshift.policy.RolloutPolicy;
import dev.runshift.policy.VerdictPolicy;
import dev.runshift.ports.ArmCounts;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The sequential verdict on a release's evidence at one look. Pure and deterministic. Guarantees:
 *
 * <ul>
 *   <li><b>Rolling back</b> (UNHEALTHY) needs evidence of harm: one of the release's harm checks has an
 *       e-value of at least {@code k / alpha}, where {@code k} is the number of harm checks the policy
 *       sets up (fixed for the release). Each check's e-process is valid at every look, so a candidate
 *       within tolerance on every check is rolled back with probability at most {@code alpha} over the
 *       whole release, however often it looks. The checks: the 5xx ratio against stable on the same
 *       periods ({@link ErrorRatioTest}); the 5xx rate against {@code maxErrorRate}; with a baseline, the
 *       5xx rate against the baseline's; latency tails against {@code maxLatencyRatio} times stable's p99
 *       and against {@code maxP50Ms}/{@code maxP95Ms}/{@code maxP99Ms}.
 *   <li><b>Advancing</b> (HEALTHY) needs the step's own evidence (at least {@code max(1, minRequests)}
 *       candidate requests in periods of this step) and no harm, not even suspected (every harm check's
 *       e-value below the square root of its threshold); where the next traffic change would give
 *       the candidate all traffic ({@code requireNotWorse}), it also needs evidence that the candidate is
 *       not worse than stable by the detectable regression: 5xx below {@code detectErrorRatio} times
 *       stable's, or less than {@code detectErrorIncrease} above it, or the same against the baseline,
 *       each at its share of {@code beta}.
 *   <li>No comparison and no evidence is INCONCLUSIVE, never HEALTHY; an INCONCLUSIVE verdict says what
 *       more it needs.
 * </ul>
 */
public final class SequentialAnalysis {
  private SequentialAnalysis() {}

  public static Verdict judge(RolloutPolicy policy, ReleaseEvidence evidence, boolean requireNotWorse) {
    return new Judgement(policy, evidence, requireNotWorse).run();
  }

  /** The number of harm checks the policy sets up for a release with (or without) a baseline. */
  static int harmCheckCount(RolloutPolicy policy, boolean baseline) {
    int k = 2 + (baseline ? 1 : 0) + (policy.maxLatencyRatio() != null ? 1 : 0);
    for (Double limit : new Double[] {policy.maxP50Ms(), policy.maxP95Ms(), policy.maxP99Ms()}) {
      if (limit != null) {
        k++;
      }
    }
    return k;
  }

  private static final class Judgement {
    private final RolloutPolicy policy;
    private final VerdictPolicy v;
    private final ReleaseEvidence ev;
    private final boolean requireNotWorse;
    private final ArmCounts c;
    private final ArmCounts s;
    private final ArmCounts b;
    private final int k;
    private final int j;
    private final List<Check> checks = new ArrayList<>();
    private final List<String> harm = new ArrayList<>();
    private final List<String> safe = new ArrayList<>();
    // Each arm's rate bounds and the ratio interval cost a search each: computed once per look, for the
    // evidence and for the words alike.
    private ArmSummary candidateSummary;
    private ArmSummary stableSummary;
    private ArmSummary baselineSummary;
    private double[] interval;
    private Double estimate;

    Judgement(RolloutPolicy policy, ReleaseEvidence evidence, boolean requireNotWorse) {
      this.policy = policy;
      this.v = policy.verdict();
      this.ev = evidence;
      this.requireNotWorse = requireNotWorse;
      this.c = evidence.candidate();
      this.s = evidence.stable();
      this.b = evidence.baseline();
      this.k = harmCheckCount(policy, b != null);
      this.j = b != null ? 3 : 2;
    }

    Verdict run() {
      candidateSummary = summary(c, v.alpha());
      stableSummary = s.requests() > 0 ? summary(s, v.alpha()) : null;
      baselineSummary = b == null ? null : summary(b, v.alpha());
      interval = ev.ratio().interval(v.alpha());
      estimate = ev.ratio().estimate();
      checkHarm();
      checkNotWorse();
      long needed = Math.max(1, policy.minRequests());
      long stepRequests = ev.stepCandidate().requests();
      boolean stepEvidence = ev.stepPeriods() > 0 && stepRequests >= needed;
      boolean notWorse = !safe.isEmpty();
      Health health;
      String reason;
      String needs = null;
      String suspicion = suspicion();
      if (!harm.isEmpty()) {
        health = Health.UNHEALTHY;
        reason = "unhealthy: " + String.join("; ", harm) + ". " + comparison();
      } else if (suspicion != null) {
        health = Health.INCONCLUSIVE;
        needs = "the evidence of harm to settle: " + suspicion + " is past the square root of the value at"
            + " which it rolls back, so the step does not move on yet";
        reason = "inconclusive: harm suspected, not shown. " + comparison() + ". Needs " + needs;
      } else if (stepEvidence && (!requireNotWorse || notWorse)) {
        health = Health.HEALTHY;
        reason = "healthy: no harm shown (" + strongestHarm() + "). " + comparison()
            + (requireNotWorse ? ". " + String.join("; ", safe) : "");
      } else {
        health = Health.INCONCLUSIVE;
        needs = stepEvidence ? notWorseNeeds() : stepNeeds(needed, stepRequests);
        reason = "inconclusive: no harm shown yet (" + strongestHarm() + "). " + comparison() + ". Needs " + needs;
      }
      VerdictEvidence evidence = new VerdictEvidence(candidateSummary, stableSummary, baselineSummary,
          estimate, interval == null ? null : interval[0], interval == null ? null : interval[1],
          stepRequests, ev.periods(), List.copyOf(checks), needs);
      return new Verdict(health, reason, List.of(), null, evidence);
    }

    // ---- rolling back ------------------------------------------------------------------------------

    private void checkHarm() {
      double share = v.alpha() / k;
      double threshold = 1 / share;
      Double increase = policy.maxErrorRateIncrease();
      double ratioLog = ev.ratio().logHarm();
      boolean ratioHarm = ratioLog >= StrictMath.log(threshold);
      String ratioText = "5xx ratio to stable above " + num(v.maxErrorRatio()) + "x";
      if (ratioHarm && increase != null) {
        double gap = RateEvidence.lower(c.errors5xx(), c.requests(), share / 2)
            - RateEvidence.upper(s.errors5xx(), s.requests(), share / 2);
        ratioHarm = gap > increase;
        ratioText += " and more than " + pct(increase) + " points above stable's";
      }
      add("errors.ratio", "the candidate's 5xx rate is at most " + num(v.maxErrorRatio())
          + "x stable's on the same periods" + (increase == null ? "" : " or at most " + pct(increase) + " points above"),
          Role.ROLLBACK, ratioLog, threshold, ratioHarm, harm, ratioText);

      double limitLog = RateEvidence.logAbove(c.errors5xx(), c.requests(), policy.maxErrorRate());
      add("errors.limit", "the candidate's 5xx rate is at most maxErrorRate " + pct(policy.maxErrorRate()),
          Role.ROLLBACK, limitLog, threshold, limitLog >= StrictMath.log(threshold), harm,
          "5xx rate above maxErrorRate " + pct(policy.maxErrorRate()));

      if (b != null) {
        double upper = RateEvidence.upper(b.errors5xx(), b.requests(), share / 2);
        double q0 = Math.max(v.maxErrorRatio() * upper, increase == null ? 0 : upper + increase);
        double log = RateEvidence.logAbove(c.errors5xx(), c.requests(), Math.min(1, q0));
        add("errors.baseline", "the candidate's 5xx rate is at most " + num(v.maxErrorRatio())
                + "x the baseline's (at most " + pct(q0) + ")",
            Role.ROLLBACK, log, 2 / share, log >= StrictMath.log(2 / share), harm,
            "5xx rate above " + num(v.maxErrorRatio()) + "x the stable revisions' own rate before the release");
      }
      if (policy.maxLatencyRatio() != null) {
        Double reference = ev.latencyReferenceMs();
        double limit = reference == null ? Double.NaN : reference * policy.maxLatencyRatio();
        double log = reference == null ? 0 : latencyLog(limit, 0.01);
        add("latency.ratio", reference == null
                ? "the candidate's p99 is at most " + num(policy.maxLatencyRatio()) + "x stable's (stable's p99 not known yet)"
                : "the candidate's p99 is at most " + num(policy.maxLatencyRatio()) + "x stable's p99 bucket bound "
                    + num(reference) + " ms (" + num(limit) + " ms)",
            Role.ROLLBACK, log, threshold, log >= StrictMath.log(threshold), harm,
            "p99 latency above " + num(policy.maxLatencyRatio()) + "x stable's");
      }
      latencyLimit("latency.p50", policy.maxP50Ms(), 0.50, threshold);
      latencyLimit("latency.p95", policy.maxP95Ms(), 0.05, threshold);
      latencyLimit("latency.p99", policy.maxP99Ms(), 0.01, threshold);
    }

    private void latencyLimit(String name, Double limitMs, double tail, double threshold) {
      if (limitMs == null) {
        return;
      }
      double log = latencyLog(limitMs, tail);
      String percentile = name.substring(name.indexOf('.') + 1);
      add(name, "the candidate's " + percentile + " is at most " + num(limitMs) + " ms",
          Role.ROLLBACK, log, threshold, log >= StrictMath.log(threshold), harm,
          percentile + " latency above " + num(limitMs) + " ms");
    }

    /** Evidence that more than {@code tail} of the candidate's requests are slower than {@code limitMs}. */
    private double latencyLog(double limitMs, double tail) {
      long[] buckets = c.latencyBuckets();
      long above = LatencyBuckets.countAbove(ev.latencyBounds(), buckets, limitMs);
      return RateEvidence.logAbove(above, c.latencyCount(), tail);
    }

    // ---- advancing ---------------------------------------------------------------------------------

    private void checkNotWorse() {
      double share = v.beta() / j;
      double ratioLog = ev.ratio().logNotWorse();
      add("errors.notWorse", "the candidate's 5xx rate is at least " + num(v.detectErrorRatio())
              + "x stable's on the same periods",
          Role.ADVANCE, ratioLog, 1 / share, ratioLog >= StrictMath.log(1 / share), safe,
          "5xx shown below " + num(v.detectErrorRatio()) + "x stable's");
      if (s.requests() > 0) {
        double lower = RateEvidence.lower(s.errors5xx(), s.requests(), share / 2);
        double q0 = Math.max(v.detectErrorRatio() * lower, lower + v.detectErrorIncrease());
        double log = RateEvidence.logBelow(c.errors5xx(), c.requests(), q0);
        add("errors.notWorseAbsolute", "the candidate's 5xx rate is at least " + pct(q0)
                + " (stable's lower bound " + pct(lower) + " + " + pct(v.detectErrorIncrease()) + " points)",
            Role.ADVANCE, log, 2 / share, log >= StrictMath.log(2 / share), safe,
            "5xx shown below " + pct(q0));
      }
      if (b != null) {
        double lower = RateEvidence.lower(b.errors5xx(), b.requests(), share / 2);
        double q0 = Math.max(v.detectErrorRatio() * lower, lower + v.detectErrorIncrease());
        double log = RateEvidence.logBelow(c.errors5xx(), c.requests(), q0);
        add("errors.notWorseBaseline", "the candidate's 5xx rate is at least " + pct(q0)
                + " (from the baseline: " + pct(lower) + " lower bound)",
            Role.ADVANCE, log, 2 / share, log >= StrictMath.log(2 / share), safe,
            "5xx shown below " + pct(q0) + " (against the baseline)");
      }
    }

    private String stepNeeds(long needed, long stepRequests) {
      if (ev.stepPeriods() == 0) {
        return "the step's first whole sample period from Monitoring (1-3 minutes after a traffic change)";
      }
      long more = needed - stepRequests;
      return "≈ " + count(more) + " more candidate requests at this step" + atCurrentRate(more);
    }

    private String notWorseNeeds() {
      if (s.requests() == 0 && b == null) {
        return "something to compare with: stable served nothing and there is no baseline from before the"
            + " release";
      }
      double best = Double.POSITIVE_INFINITY;
      ArmCounts stepC = ev.stepCandidate();
      ArmCounts stepS = ev.stepStable();
      long stepErrors = stepC.errors5xx() + stepS.errors5xx();
      if (stepC.requests() > 0 && stepS.requests() > 0 && stepErrors > 0) {
        double share = (double) stepC.requests() / (stepC.requests() + stepS.requests());
        Double estimate = ev.ratio().estimate();
        double rho = Math.min(estimate == null ? 1 : estimate, v.detectErrorRatio() / 1.5);
        double gain = ev.ratio().notWorseGainPerError(rho, share);
        double missing = StrictMath.log(j / v.beta()) - ev.ratio().logNotWorse();
        if (gain > 0) {
          best = Math.min(best, missing / gain * stepC.requests() / stepErrors);
        }
      }
      if (s.requests() > 0 || b != null) {
        ArmCounts reference = s.requests() > 0 ? s : b;
        double lower = RateEvidence.lower(reference.errors5xx(), reference.requests(), v.beta() / j / 2);
        double q0 = Math.max(v.detectErrorRatio() * lower, lower + v.detectErrorIncrease());
        double p = c.requests() == 0 ? 0 : (double) c.errors5xx() / c.requests();
        if (p < q0) {
          double kl = (p == 0 ? 0 : p * StrictMath.log(p / q0)) + (1 - p) * StrictMath.log((1 - p) / (1 - q0));
          double missing = StrictMath.log(2 * j / v.beta())
              - RateEvidence.logBelow(c.errors5xx(), c.requests(), q0);
          if (kl > 0) {
            best = Math.min(best, missing / kl);
          }
        }
      }
      if (!Double.isFinite(best)) {
        return "evidence that the candidate is not worse than stable by " + num(v.detectErrorRatio())
            + "x; at the rates seen so far it is not getting closer";
      }
      long more = Math.max(1, (long) Math.ceil(best));
      return "evidence that the candidate is not worse than stable by " + num(v.detectErrorRatio())
          + "x: ≈ " + count(more) + " more candidate requests" + atCurrentRate(more);
    }

    private String atCurrentRate(long moreRequests) {
      long millis = ev.stepPeriodMillis();
      long requests = ev.stepCandidate().requests();
      if (millis <= 0 || requests <= 0) {
        return "";
      }
      double minutes = moreRequests / (requests * 60_000.0 / millis);
      return minutes < 1 ? " (under a minute at the current rate)"
          : " (≈ " + count((long) Math.ceil(minutes)) + " min at the current rate)";
    }

    // ---- words -------------------------------------------------------------------------------------

    private void add(String name, String hypothesis, Role role, double log, double threshold, boolean rejected,
        List<String> into, String words) {
      double e = RateEvidence.e(log);
      checks.add(new Check(name, hypothesis, role, e, threshold, rejected));
      if (rejected) {
        into.add(words + " (e-value " + num(e) + " ≥ " + num(threshold) + ")");
      }
    }

    /**
     * A harm check whose e-value is at least the square root of its threshold, described; null when none
     * is. Under "within tolerance" that happens with probability at most {@code sqrt(alpha / k)} per
     * check (Ville), so it only delays healthy candidates, and it keeps a candidate that looks bad from
     * reaching more traffic before its evidence settles.
     */
    private String suspicion() {
      for (Check check : checks) {
        if (check.role() == Role.ROLLBACK && !check.rejected()
            && check.eValue() * check.eValue() >= check.threshold()) {
          return check.name() + " e-value " + num(check.eValue()) + " of " + num(check.threshold());
        }
      }
      return null;
    }

    private String strongestHarm() {
      Check strongest = null;
      for (Check check : checks) {
        if (check.role() == Role.ROLLBACK && (strongest == null
            || check.eValue() / check.threshold() > strongest.eValue() / strongest.threshold())) {
          strongest = check;
        }
      }
      return strongest == null ? "no harm checks"
          : "strongest: " + strongest.name() + " e-value " + num(strongest.eValue()) + " of "
              + num(strongest.threshold());
    }

    private String comparison() {
      StringBuilder out = new StringBuilder("candidate ").append(arm(candidateSummary));
      if (stableSummary != null) {
        out.append(" vs stable ").append(arm(stableSummary));
        if (interval != null && estimate != null) {
          out.append(", ").append(ratioText(estimate, interval));
        }
      } else {
        out.append(", stable served nothing");
      }
      if (baselineSummary != null) {
        out.append(", baseline ").append(arm(baselineSummary));
      }
      return out.toString();
    }

    private String arm(ArmSummary a) {
      return "5xx " + pct(a.rate()) + " [" + pct(a.rateLow()) + "–" + pct(a.rateHigh()) + "] of "
          + count(a.requests());
    }
  }

  /** The ratio and its interval in words; the grid's ends (1/64, 64) mean "or beyond". */
  static String ratioText(double estimate, double[] interval) {
    double lowest = ErrorRatioTest.GRID_LOWEST;
    double highest = ErrorRatioTest.GRID_HIGHEST;
    if (interval[0] <= lowest && interval[1] >= highest) {
      return "too few 5xx yet to bound their ratio";
    }
    String low = interval[0] <= lowest ? "<" + num(lowest) : num(interval[0]);
    String high = interval[1] >= highest ? ">" + num(highest) : num(interval[1]);
    String point = estimate <= lowest ? "<" + num(lowest) : estimate >= highest ? ">" + num(highest) : num(estimate);
    return "ratio ≈ " + point + " [" + low + "–" + high + "]";
  }

  static ArmSummary summary(ArmCounts a, double alpha) {
    return new ArmSummary(a.requests(), a.errors5xx(),
        a.requests() == 0 ? 0 : (double) a.errors5xx() / a.requests(),
        RateEvidence.lower(a.errors5xx(), a.requests(), alpha),
        RateEvidence.upper(a.errors5xx(), a.requests(), alpha));
  }

  static String pct(double fraction) {
    return String.format(Locale.ROOT, "%.3g%%", fraction * 100);
  }

  static String num(double value) {
    if (Math.abs(value) >= 1e5) {
      return String.format(Locale.ROOT, "%.2g", value);
    }
    return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.3g", value);
  }

  static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }
}
