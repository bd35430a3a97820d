package dev.runshift.bench.decisions;

import dev.runshift.ports.ArmCounts;
import dev.runshift.ports.PeriodSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

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

  /**
   * One look of a simulated release, as {@link #run(PolicyUnderTest, Cell, TrafficGenerator, long, Duration,
   * Consumer)} reports it: at step {@code step} (entered at {@code stepStart}), at {@code now}, the periods
   * of {@code [queryFrom, now)} Monitoring shows ({@code fresh}), and the policy's move.
   */
  public record LookRecord(int step, long stepStart, long now, long queryFrom, PeriodSeries fresh, Move move) {}

  public static Result run(PolicyUnderTest policy, Cell cell, long seed, Duration delay, Duration horizon) {
    long history = Math.max(HISTORY_MILLIS, policy.baselineWindow().toMillis());
    TrafficGenerator traffic = new TrafficGenerator(cell, seed, delay, drawsLatencies(policy, cell), T0 - history);
    return run(policy, cell, traffic, T0, horizon, look -> {});
  }

  /** Whether a release of {@code policy} on {@code cell} needs latency distributions drawn. */
  static boolean drawsLatencies(PolicyUnderTest policy, Cell cell) {
    return cell.latencyChanged() || policy.checksLatency();
  }

  /**
   * {@link #run(PolicyUnderTest, Cell, long, Duration, Duration)} on a given generator (its history
   * already serving stable) with the release starting at {@code t0} (aligned to the minute), telling
   * {@code looks} every look.
   */
  public static Result run(PolicyUnderTest policy, Cell cell, TrafficGenerator traffic, long t0, Duration horizon,
      Consumer<LookRecord> looks) {
    PeriodSeries baseline = traffic.periods(t0 - policy.baselineWindow().toMillis(), t0);
    PolicyUnderTest.Release release = policy.start(baseline, t0);
    long interval = policy.interval().toMillis();
    long end = t0 + horizon.toMillis();
    long now = t0;
    List<Integer> steps = policy.steps();
    for (int i = 0; i < steps.size(); i++) {
      traffic.shift(now, steps.get(i));
      release.startStep(i, now);
      long stepStart = now;
      long next = now + interval;
      boolean advanced = false;
      while (!advanced) {
        if (next > end) {
          return result(Outcome.UNDECIDED, t0, end, traffic, cell);
        }
        now = next;
        long from = release.queryFrom();
        PeriodSeries fresh = traffic.periods(from, now);
        Move move = release.look(i, stepStart, now, traffic.visibleUntil(now), fresh);
        looks.accept(new LookRecord(i, stepStart, now, from, fresh, move));
        switch (move) {
          case ADVANCE -> advanced = true;
          case ROLL_BACK -> {
            return result(Outcome.ROLLED_BACK, t0, now, traffic, cell);
          }
          case ASK_OPERATOR -> {
            return result(Outcome.ASKED_OPERATOR, t0, now, traffic, cell);
          }
          case HOLD -> next = now + interval;
        }
      }
    }
    return result(Outcome.PROMOTED, t0, now, traffic, cell);
  }

  private static Result result(Outcome outcome, long t0, long at, TrafficGenerator traffic, Cell cell) {
    long until = Math.floorDiv(at, TrafficGenerator.PERIOD_MILLIS) * TrafficGenerator.PERIOD_MILLIS;
    ArmCounts served = traffic.served(t0, until);
    double extra = served.errors5xx() - served.requests() * cell.baseRate();
    return new Result(outcome, at - t0, served.requests(), served.errors5xx(), extra);
  }
}
