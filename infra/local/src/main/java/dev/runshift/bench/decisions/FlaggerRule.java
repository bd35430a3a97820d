package dev.runshift.bench.decisions;

import dev.runshift.ports.ArmCounts;
import java.time.Duration;
import java.util.List;

/**
 * Flagger (fluxcd/flagger), its tutorial canary analysis: {@code interval: 1m}, {@code threshold: 5},
 * {@code stepWeight: 10}, {@code maxWeight: 50}, metric {@code request-success-rate} with
 * {@code thresholdRange.min: 99} over {@code interval: 1m}.
 *
 * <p>Flagger's scheduler, every interval: first, if the failed checks so far reached the threshold it
 * rolls back (so the rollback comes one interval after the 5th failed check); otherwise it runs the
 * metric checks. A failed check (success rate below 99%, or no values, which is what a query returns for
 * a canary that served no request in the window) adds one to the failed checks and holds the weight;
 * the count is never reset during an analysis. A passed check raises the weight by 10, and one at the
 * maximum weight (50) promotes.
 *
 * <p>Simplified: the first tick (weight 0 to 10, no metric check) is the release's start; promotion is
 * taken to be complete at the tick that starts it (Flagger then copies the canary spec to the primary
 * and routes all traffic back to it over the next ticks); the window is the newest minute Monitoring
 * shows (see {@link DecisionRule}). Webhooks, mirroring and session affinity are not modelled.
 */
public final class FlaggerRule implements DecisionRule<FlaggerRule.State> {
  static final int THRESHOLD = 5;
  static final double MIN_SUCCESS_PERCENT = 99.0;
  static final long WINDOW_MILLIS = Duration.ofMinutes(1).toMillis();

  /** {@code status.failedChecks}. */
  public record State(int failedChecks) {}

  @Override
  public String name() {
    return "flagger";
  }

  @Override
  public String description() {
    return "Flagger tutorial: weight +10 every 1 min up to 50 then promote, success rate >= 99% over 1 min, "
        + "no data fails the check, 5 failed checks roll back";
  }

  @Override
  public List<Integer> steps() {
    return List.of(10, 20, 30, 40, 50);
  }

  @Override
  public Duration interval() {
    return Duration.ofMinutes(1);
  }

  @Override
  public State initial() {
    return new State(0);
  }

  @Override
  public Decision<State> decide(State state, RuleLook look) {
    if (state.failedChecks() >= THRESHOLD) {
      return new Decision<>(Move.ROLL_BACK, state, "failed checks " + state.failedChecks() + " >= " + THRESHOLD);
    }
    ArmCounts c = look.candidateOverLast(WINDOW_MILLIS);
    State failed = new State(state.failedChecks() + 1);
    if (c.requests() == 0) {
      return new Decision<>(Move.HOLD, failed, "no values found for request-success-rate");
    }
    double success = 100.0 * (c.requests() - c.errors5xx()) / c.requests();
    if (success < MIN_SUCCESS_PERCENT) {
      return new Decision<>(Move.HOLD, failed, "request-success-rate " + success + " < " + MIN_SUCCESS_PERCENT);
    }
    return new Decision<>(Move.ADVANCE, state, "checks passed");
  }
}
