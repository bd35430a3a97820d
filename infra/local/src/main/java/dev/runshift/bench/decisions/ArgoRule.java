package dev.runshift.bench.decisions;

import dev.runshift.ports.ArmCounts;
import java.time.Duration;
import java.util.List;

/**
 * Argo Rollouts (argoproj/argo-rollouts), a typical canary with background analysis. The steps chosen
 * here, as in Argo's own examples: {@code setWeight: 20}, {@code pause: {duration: 5m}}, then 40, 60 and
 * 80 with the same pause, then full promotion. The AnalysisTemplate: one Prometheus-style metric, the
 * canary's 5xx share over the last minute, {@code interval: 1m}, {@code successCondition: result[0] <= 0.01},
 * {@code failureLimit: 0} (the first failed measurement fails the analysis) and the default
 * {@code consecutiveErrorLimit: 4}.
 *
 * <p>The background analysis starts with the rollout and measures at once, then every minute. A failed
 * measurement aborts the rollout (traffic back to stable). A measurement without data (the canary served
 * nothing in the window, so the query's result is empty) is an Error: more than 4 in a row also abort,
 * and a successful measurement resets that count. Steps advance when their pause is over, whatever the
 * measurements were, unless the rollout aborted.
 *
 * <p>Simplified: measurements and pauses share the one-minute clock; the immediate measurement at the
 * start sees no canary data (the canary just got its first traffic) and is counted as the first Error;
 * the window is the newest minute Monitoring shows (see {@link DecisionRule}). A template that guards
 * against NaN is assumed (without a guard, {@code NaN <= 0.01} would fail the analysis).
 */
public final class ArgoRule implements DecisionRule<ArgoRule.State> {
  static final long PAUSE_MILLIS = Duration.ofMinutes(5).toMillis();
  static final long WINDOW_MILLIS = Duration.ofMinutes(1).toMillis();
  static final double MAX_ERROR_RATE = 0.01;
  static final int CONSECUTIVE_ERROR_LIMIT = 4;

  /** Consecutive measurements in Error. */
  public record State(int consecutiveErrors) {}

  @Override
  public String name() {
    return "argo";
  }

  @Override
  public String description() {
    return "Argo Rollouts, typical: setWeight 20/40/60/80 with 5 min pauses, background analysis every 1 min, "
        + "5xx <= 1% over 1 min, failureLimit 0, consecutiveErrorLimit 4";
  }

  @Override
  public List<Integer> steps() {
    return List.of(20, 40, 60, 80);
  }

  @Override
  public Duration interval() {
    return Duration.ofMinutes(1);
  }

  @Override
  public State initial() {
    return new State(1);
  }

  @Override
  public Decision<State> decide(State state, RuleLook look) {
    ArmCounts c = look.candidateOverLast(WINDOW_MILLIS);
    State next;
    String reason;
    if (c.requests() == 0) {
      next = new State(state.consecutiveErrors() + 1);
      if (next.consecutiveErrors() > CONSECUTIVE_ERROR_LIMIT) {
        return new Decision<>(Move.ROLL_BACK, next,
            next.consecutiveErrors() + " consecutive measurement errors > " + CONSECUTIVE_ERROR_LIMIT);
      }
      reason = "measurement error: no data";
    } else {
      double rate = (double) c.errors5xx() / c.requests();
      if (rate > MAX_ERROR_RATE) {
        return new Decision<>(Move.ROLL_BACK, state, "measurement failed: 5xx " + rate + " > " + MAX_ERROR_RATE);
      }
      next = new State(0);
      reason = "measurement successful";
    }
    Move move = look.atStepMillis() >= PAUSE_MILLIS ? Move.ADVANCE : Move.HOLD;
    return new Decision<>(move, next, reason);
  }
}
