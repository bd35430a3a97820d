package dev.runshift.bench.decisions;

import dev.runshift.ports.ArmCounts;
import java.time.Duration;
import java.util.List;

/**
 * Cloud Run Release Manager (GoogleCloudPlatform/cloud-run-release-manager), its defaults: steps
 * {@code 5,20,50,80} then 100, checked every minute ({@code -cli-run-interval 60}), health over the
 * candidate's metrics of the last 30 minutes ({@code -healthcheck-offset 30}), at least 100 requests
 * ({@code -min-requests 100}), at most 1% 5xx ({@code -max-error-rate 1}), at least 30 minutes between
 * traffic changes ({@code -min-wait 30m}).
 *
 * <p>At every check: fewer than 100 candidate requests in the window is Inconclusive and nothing
 * changes; otherwise a 5xx rate above 1% is Unhealthy and rolls back at once (one unhealthy check is
 * enough); Healthy rolls forward only when 30 minutes have passed since the last traffic change. At
 * 100% a healthy check after 30 minutes makes the candidate stable (promoted).
 *
 * <p>Simplified: the window is the newest 30 minutes Monitoring shows (see {@link DecisionRule}); it
 * spans earlier steps, as CRRM's does (its query filters on the revision, not on the step). The
 * stable-revision detection, annotations and tags are not modelled; a failed Cloud Run write never
 * happens.
 */
public final class CrrmRule implements DecisionRule<CrrmRule.State> {
  static final long WINDOW_MILLIS = Duration.ofMinutes(30).toMillis();
  static final long MIN_WAIT_MILLIS = Duration.ofMinutes(30).toMillis();
  static final long MIN_REQUESTS = 100;
  static final double MAX_ERROR_PERCENT = 1.0;

  /** CRRM keeps nothing between checks but the time of the last rollout (the step's start). */
  public record State() {}

  @Override
  public String name() {
    return "crrm";
  }

  @Override
  public String description() {
    return "Cloud Run Release Manager defaults: 5/20/50/80/100, >= 30 min per step, checked every minute over "
        + "the last 30 min, >= 100 requests, <= 1% 5xx, one unhealthy check rolls back";
  }

  @Override
  public List<Integer> steps() {
    return List.of(5, 20, 50, 80, 100);
  }

  @Override
  public Duration interval() {
    return Duration.ofMinutes(1);
  }

  @Override
  public State initial() {
    return new State();
  }

  @Override
  public Decision<State> decide(State state, RuleLook look) {
    ArmCounts c = look.candidateOverLast(WINDOW_MILLIS);
    if (c.requests() < MIN_REQUESTS) {
      return new Decision<>(Move.HOLD, state, "inconclusive: " + c.requests() + " requests < " + MIN_REQUESTS);
    }
    double percent = 100.0 * c.errors5xx() / c.requests();
    if (percent > MAX_ERROR_PERCENT) {
      return new Decision<>(Move.ROLL_BACK, state, "unhealthy: 5xx " + percent + "% > " + MAX_ERROR_PERCENT + "%");
    }
    if (look.atStepMillis() >= MIN_WAIT_MILLIS) {
      return new Decision<>(Move.ADVANCE, state, "healthy, min-wait passed");
    }
    return new Decision<>(Move.HOLD, state, "healthy, waiting for min-wait");
  }
}
