package dev.runshift.bench.decisions;

import dev.runshift.ports.PeriodSeries;
import java.time.Duration;
import java.util.List;

/**
 * A rollout policy as the benchmark drives it (see {@link ReleaseSimulation}): steps of candidate
 * traffic, and at every look a {@link Move} from the metrics visible so far. Runshift's policies
 * ({@link RunshiftPolicy}) decide through Runshift's own pure decision code; the other tools' policies
 * through their {@link DecisionRule} emulations ({@link AnchorPolicy}).
 */
public interface PolicyUnderTest {
  /** A short name for tables: {@code runshift}, {@code threshold}, {@code crrm}, … */
  String name();

  /** One line saying what the policy is. */
  String description();

  /** Candidate traffic percents; advancing past the last one promotes. */
  List<Integer> steps();

  /** Time from a traffic change to the first look, and between looks. */
  Duration interval();

  /** How far before the release the stable revisions' periods are read as its baseline. */
  default Duration baselineWindow() {
    return Duration.ofHours(1);
  }

  /** Whether the policy looks at latencies (the generator then draws latency buckets). */
  boolean checksLatency();

  /**
   * A new release starting at {@code t0}, given stable's periods of the {@link #baselineWindow()} before
   * (possibly empty).
   */
  Release start(PeriodSeries baseline, long t0);

  /** One release's decision state. */
  interface Release {
    /** Traffic moved to step {@code index} at {@code now}. */
    void startStep(int index, long now);

    /** Where the next metrics read starts: the release has every visible period before it. */
    long queryFrom();

    /**
     * The decision at {@code now}, with the periods of {@code [queryFrom(), now)} visible now; Monitoring
     * shows nothing that ended after {@code visibleUntil}.
     */
    Move look(int index, long stepStart, long now, long visibleUntil, PeriodSeries fresh);
  }
}
