package dev.runshift.bench.decisions;

import dev.runshift.ports.ArmCounts;
import dev.runshift.ports.PeriodSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One simulated release of one policy, the way the release workflow runs it: read the stable revisions'
 * periods of the policy's baseline window before the release, then for each step shift traffic, look
 * every interval at the periods Monitoring shows by then (from where the policy asks), and advance,
 * hold, roll back or ask an operator; promote after the last step. A release still undecided at the
 * horizon counts as stalled. Traffic changes and looks are on whole minutes, so every period has one
 * split.
 */
public final class ReleaseSimulation {
  /** When every simulated release starts (aligned to the minute). */
  public static final long T0 = Instant.parse("2026-01-05T09:00:00Z").toEpochMilli();
  /** How long stable serves alone before the release. */
  static final long HISTORY_MILLIS = Duration.ofHours(2).toMillis();

  private ReleaseSimulation() {}

  /** How a release ended. */
  public enum Outcome { PROMOTED, ROLLED_BACK, ASKED_OPERATOR, UNDECIDED }

  /**
   * @param millis time from the release's start to its decision (to the horizon when undecided)
   * @param candidateRequests requests the candidate served until then
   * @param candidateErrors of which 5xx
   * @param extra5xx candidate 5xx beyond what stable's rate would have given: errors - requests x base rate
   */
  public record Result(Outcome outcome, long millis, long candidateRequests, long candidateErrors, double extra5xx) {
    public boolean stalled() {
      return outcome == Outcome.ASKED_OPERATOR || outcome == Outcome.UNDECIDED;
    }
  }

  public static Result run(PolicyUnderTest policy, Cell cell, long seed, Duration delay, Duration horizon) {
    boolean latencies = cell.latencyChanged() || policy.checksLatency();
    long history = Math.max(HISTORY_MILLIS, policy.baselineWindow().toMillis());
    TrafficGenerator traffic = new TrafficGenerator(cell, seed, delay, latencies, T0 - history);
    PeriodSeries baseline = traffic.periods(T0 - policy.baselineWindow().toMillis(), T0);
    PolicyUnderTest.Release release = policy.start(baseline, T0);
    long interval = policy.interval().toMillis();
    long end = T0 + horizon.toMillis();
    long now = T0;
    List<Integer> steps = policy.steps();
    for (int i = 0; i < steps.size(); i++) {
      traffic.shift(now, steps.get(i));
      release.startStep(i, now);
      long stepStart = now;
      long next = now + interval;
      boolean advanced = false;
      while (!advanced) {
        if (next > end) {
          return result(Outcome.UNDECIDED, end, traffic, cell);
        }
        now = next;
        PeriodSeries fresh = traffic.periods(release.queryFrom(), now);
        Move move = release.look(i, stepStart, now, traffic.visibleUntil(now), fresh);
        switch (move) {
          case ADVANCE -> advanced = true;
          case ROLL_BACK -> {
            return result(Outcome.ROLLED_BACK, now, traffic, cell);
          }
          case ASK_OPERATOR -> {
            return result(Outcome.ASKED_OPERATOR, now, traffic, cell);
          }
          case HOLD -> next = now + interval;
        }
      }
    }
    return result(Outcome.PROMOTED, now, traffic, cell);
  }

  private static Result result(Outcome outcome, long at, TrafficGenerator traffic, Cell cell) {
    long until = Math.floorDiv(at, TrafficGenerator.PERIOD_MILLIS) * TrafficGenerator.PERIOD_MILLIS;
    ArmCounts served = traffic.served(T0, until);
    double extra = served.errors5xx() - served.requests() * cell.baseRate();
    return new Result(outcome, at - T0, served.requests(), served.errors5xx(), extra);
  }
}
