package dev.runshift.release;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runshift.health.ReleaseEvidence;
import dev.runshift.policy.Analysis;
import dev.runshift.policy.RolloutPolicy;
import dev.runshift.policy.VerdictPolicy;
import dev.runshift.ports.ArmCounts;
import dev.runshift.ports.MetricPeriod;
import dev.runshift.ports.PeriodSeries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * What sequential verdicts promise, measured on simulated releases: whole releases' worth of random sample
 * periods (Poisson requests, split request by request between candidate and stable, binomial 5xx) go through
 * {@link ReleaseEvidence} and {@link StepJudge} exactly as the workflow feeds them, one look a minute after
 * each period, under the default policy (10/50/100, no soak, 2 hours' wait). Deterministic: seeded
 * {@link SplittableRandom}, draws written here.
 *
 * <p>alpha = 1% promises that a candidate within tolerance (here: exactly as good as stable) is rolled back
 * in at most 1% of releases, however often they look. The bound checked is 3% (9 of 300), leaving room for
 * Monte-Carlo noise; the same simulation with alpha = 50% rolls back well above it, so the check can fail.
 */
class SequentialAnalysisMonteCarloTest {
  private static final long MINUTE = 60_000;
  private static final long T0 = 1_772_438_400_000L;
  private static final int RELEASES = 300;
  /**
   * Requests a second to the service: 60 a minute reach the candidate at 10%, with 0.5% 5xx about 3 a
   * minute at 50%, so a healthy release takes dozens of looks (about 50) before the evidence decides.
   */
  private static final double REQUESTS_PER_SECOND = 10;
  private static final double STABLE_RATE = 0.005;

  /** How the simulated releases ended. */
  record Outcomes(int promoted, int rolledBack, int askedOperator, long looks) {
    double rolledBackFraction() {
      return (double) rolledBack / RELEASES;
    }

    @Override
    public String toString() {
      return promoted + " promoted, " + rolledBack + " rolled back, " + askedOperator + " asked the operator, "
          + looks + " looks";
    }
  }

  @Test
  void healthyCandidatesAreRolledBackInAtMostAlphaOfReleases() {
    Outcomes outcomes = simulate(0.01, STABLE_RATE, 1L);
    System.out.println("healthy candidates, alpha 1%: " + outcomes);
    assertTrue(outcomes.rolledBackFraction() <= 0.03, outcomes.toString());
    assertTrue(outcomes.promoted() >= RELEASES * 0.9, "and most are promoted: " + outcomes);
    assertTrue(outcomes.looks() >= RELEASES * 30L, "each release looked many times: " + outcomes);
  }

  /** The check above can fail: with alpha = 50% the same releases are rolled back far more often. */
  @Test
  void withAlphaAtFiftyPercentTheSameCheckFails() {
    Outcomes outcomes = simulate(0.5, STABLE_RATE, 1L);
    System.out.println("healthy candidates, alpha 50%: " + outcomes);
    assertTrue(outcomes.rolledBackFraction() > 0.03, outcomes.toString());
  }

  /** And rolling back is not just rare: a candidate with three times stable's 5xx is rolled back. */
  @Test
  void candidatesThreeTimesWorseAreRolledBack() {
    Outcomes outcomes = simulate(0.01, 3 * STABLE_RATE, 2L);
    System.out.println("candidates with 3x the 5xx, alpha 1%: " + outcomes);
    assertTrue(outcomes.rolledBackFraction() >= 0.95, outcomes.toString());
    assertTrue(outcomes.promoted() <= RELEASES * 0.01, "beta = 1%: " + outcomes);
  }

  static Outcomes simulate(double alpha, double candidateRate, long seed) {
    return simulate(alpha, candidateRate, seed, REQUESTS_PER_SECOND);
  }

  static Outcomes simulate(double alpha, double candidateRate, long seed, double requestsPerSecond) {
    VerdictPolicy verdict = new VerdictPolicy(Analysis.SEQUENTIAL, alpha, 0.01, 1.0, 2.0, 0.001, Duration.ofHours(1));
    RolloutPolicy policy = RolloutPolicy.defaults().withVerdict(verdict).validated();
    SplittableRandom random = new SplittableRandom(seed);
    int promoted = 0;
    int rolledBack = 0;
    int asked = 0;
    long looks = 0;
    releases:
    for (int r = 0; r < RELEASES; r++) {
      List<MetricPeriod> before = new ArrayList<>();
      for (int k = -60; k < 0; k++) {
        before.add(period(random, requestsPerSecond, k, 0, candidateRate));
      }
      ReleaseEvidence evidence = ReleaseEvidence.start(policy, new PeriodSeries(before, List.of()));
      long minute = 0;
      for (int index = 0; index < policy.steps().size(); index++) {
        int percent = policy.steps().get(index);
        long shift = T0 + minute * MINUTE + 5_000;
        evidence.startStep(index, shift);
        while (true) {
          evidence.add(new PeriodSeries(
              List.of(period(random, requestsPerSecond, minute, percent, candidateRate)), List.of()));
          minute++;
          looks++;
          long now = T0 + minute * MINUTE + 5_000;
          StepAction action = StepJudge.look(policy, evidence, new StepClock(index, shift, now, false)).action();
          if (action.kind() == StepAction.Kind.ROLL_BACK) {
            rolledBack++;
            continue releases;
          }
          if (action.kind() == StepAction.Kind.ASK_OPERATOR) {
            asked++;
            continue releases;
          }
          if (action.kind() == StepAction.Kind.ADVANCE) {
            break;
          }
        }
      }
      promoted++;
    }
    return new Outcomes(promoted, rolledBack, asked, looks);
  }

  /** Minute {@code k}: Poisson requests split request by request at {@code percent}, binomial 5xx. */
  private static MetricPeriod period(
      SplittableRandom random, double requestsPerSecond, long k, int percent, double candidateRate) {
    long requests = poisson(random, requestsPerSecond * 60);
    long candidate = binomial(random, requests, percent / 100.0);
    long stable = requests - candidate;
    return new MetricPeriod(T0 + k * MINUTE, T0 + (k + 1) * MINUTE,
        new ArmCounts(candidate, binomial(random, candidate, candidateRate), null),
        new ArmCounts(stable, binomial(random, stable, STABLE_RATE), null));
  }

  /** Knuth's method, in pieces of at most 500 so that e^-lambda stays representable. */
  static long poisson(SplittableRandom random, double lambda) {
    long total = 0;
    while (lambda > 0) {
      double piece = Math.min(lambda, 500);
      lambda -= piece;
      double limit = Math.exp(-piece);
      double product = random.nextDouble();
      while (product > limit) {
        total++;
        product *= random.nextDouble();
      }
    }
    return total;
  }

  /** {@code n} Bernoulli trials. */
  static long binomial(SplittableRandom random, long n, double p) {
    long successes = 0;
    for (long i = 0; i < n; i++) {
      if (random.nextDouble() < p) {
        successes++;
      }
    }
    return successes;
  }
}
