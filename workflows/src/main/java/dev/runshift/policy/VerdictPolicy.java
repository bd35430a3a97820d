package dev.runshift.policy;

import java.time.Duration;

/**
 * How sure a release must be before it acts (used by {@link Analysis#SEQUENTIAL}).
 *
 * @param analysis sequential (default) or the earlier threshold rule
 * @param alpha the probability, over the whole release and however often it looks, of rolling back a
 *     candidate that is within tolerance (default 0.01). Split evenly over the release's harm checks.
 * @param beta the probability of giving all traffic to a candidate whose 5xx rate is at least
 *     {@code detectErrorRatio} times stable's and at least {@code detectErrorIncrease} above it (default 0.01)
 * @param maxErrorRatio the tolerance: the candidate's 5xx rate may be up to this multiple of stable's
 *     (default 1: no worse than stable). Rolled back when the evidence shows it above.
 * @param detectErrorRatio the regression that must be ruled out before the candidate gets all traffic:
 *     its 5xx rate must be shown below this multiple of stable's (default 2) ...
 * @param detectErrorIncrease ... or shown less than this many points (a fraction) above stable's
 *     (default 0.001, so that services that almost never fail can be promoted)
 * @param baselineWindow how far before the release the stable revisions' own metrics are read, as the
 *     baseline when stable serves nothing (the 100% step, a single-step policy, a service scaled to zero)
 */
public record VerdictPolicy(
    Analysis analysis,
    double alpha,
    double beta,
    double maxErrorRatio,
    double detectErrorRatio,
    double detectErrorIncrease,
    Duration baselineWindow) {

  public static VerdictPolicy defaults() {
    return new VerdictPolicy(Analysis.SEQUENTIAL, 0.01, 0.01, 1.0, 2.0, 0.001, Duration.ofHours(1));
  }

  /** The earlier threshold rule (the other fields keep their defaults and are not used by it). */
  public static VerdictPolicy threshold() {
    return defaults().withAnalysis(Analysis.THRESHOLD);
  }

  public VerdictPolicy withAnalysis(Analysis value) {
    return new VerdictPolicy(value, alpha, beta, maxErrorRatio, detectErrorRatio, detectErrorIncrease,
        baselineWindow);
  }

  public boolean sequential() {
    return analysis != Analysis.THRESHOLD;
  }
}
