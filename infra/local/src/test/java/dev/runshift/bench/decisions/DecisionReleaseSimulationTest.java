package dev.runshift.bench.decisions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runshift.bench.decisions.ReleaseSimulation.Outcome;
import dev.runshift.bench.decisions.ReleaseSimulation.Result;
import dev.runshift.ports.PeriodSeries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionReleaseSimulationTest {
  static final long MIN = 60_000;
  static final Duration DELAY = Duration.ofMinutes(2);
  static final Duration HORIZON = Duration.ofHours(6);

  /** A scripted policy: records what it was asked and answers from a list of moves. */
  static final class Scripted implements PolicyUnderTest {
    final List<Move> script;
    final List<String> calls = new ArrayList<>();

    Scripted(Move... script) {
      this.script = List.of(script);
    }

    @Override
    public String name() {
      return "scripted";
    }

    @Override
    public String description() {
      return "scripted";
    }

    @Override
    public List<Integer> steps() {
      return List.of(10, 100);
    }

    @Override
    public Duration interval() {
      return Duration.ofMinutes(1);
    }

    @Override
    public boolean checksLatency() {
      return false;
    }

    @Override
    public Release start(PeriodSeries baseline, long t0) {
      calls.add("start baseline=" + baseline.periods().size() + " end=" + (baseline.endOr(0) - t0) / MIN);
      return new Release() {
        long from = baseline.endOr(t0);
        int looks;

        @Override
        public void startStep(int index, long now) {
          calls.add("step " + index + " at " + (now - t0) / MIN);
        }

        @Override
        public long queryFrom() {
          return from;
        }

        @Override
        public Move look(int index, long stepStart, long now, long visibleUntil, PeriodSeries fresh) {
          calls.add("look " + index + " at " + (now - t0) / MIN + " visible " + (visibleUntil - t0) / MIN
              + " fresh " + fresh.periods().size());
          from = fresh.endOr(from);
          return looks < script.size() ? script.get(looks++) : Move.HOLD;
        }
      };
    }
  }

  static final Cell HEALTHY = new Cell(0.005, Regression.NONE, 1.0, 50, 1, 3);

  @Test
  void looksEveryIntervalAndAdvancesThroughTheSteps() {
    Scripted p = new Scripted(Move.HOLD, Move.ADVANCE, Move.HOLD, Move.HOLD, Move.ADVANCE);
    Result r = ReleaseSimulation.run(p, HEALTHY, 1, DELAY, HORIZON);
    assertEquals(Outcome.PROMOTED, r.outcome());
    assertEquals(5 * MIN, r.millis());
    assertEquals(List.of("start baseline=58 end=-2", "step 0 at 0", "look 0 at 1 visible -1 fresh 1",
        "look 0 at 2 visible 0 fresh 1", "step 1 at 2", "look 1 at 3 visible 1 fresh 1",
        "look 1 at 4 visible 2 fresh 1", "look 1 at 5 visible 3 fresh 1"), p.calls);
    // the candidate served 10% for 2 minutes and 100% for 3: about 0.1 * 2 * 3000 + 3 * 3000 requests
    assertEquals(9_600, r.candidateRequests(), 1_000);
  }

  @Test
  void rollBackAndAskOperatorEndTheRelease() {
    Result back = ReleaseSimulation.run(new Scripted(Move.HOLD, Move.HOLD, Move.ROLL_BACK), HEALTHY, 1, DELAY, HORIZON);
    assertEquals(Outcome.ROLLED_BACK, back.outcome());
    assertEquals(3 * MIN, back.millis());
    Result asked = ReleaseSimulation.run(new Scripted(Move.ASK_OPERATOR), HEALTHY, 1, DELAY, HORIZON);
    assertEquals(Outcome.ASKED_OPERATOR, asked.outcome());
    assertTrue(asked.stalled());
  }

  @Test
  void aReleaseUndecidedAtTheHorizonIsStalled() {
    Result r = ReleaseSimulation.run(new Scripted(), HEALTHY, 1, DELAY, Duration.ofMinutes(30));
    assertEquals(Outcome.UNDECIDED, r.outcome());
    assertEquals(30 * MIN, r.millis());
    assertTrue(r.stalled());
  }

  @Test
  void extraFiveHundredsAreTheCandidatesBeyondTheBaseRate() {
    Cell bad = new Cell(0.005, Regression.parse("rate 20%"), 1.0, 50, 1, 3);
    Result r = ReleaseSimulation.run(new Scripted(Move.HOLD, Move.HOLD, Move.HOLD, Move.ROLL_BACK), bad, 1, DELAY,
        HORIZON);
    assertEquals(r.candidateErrors() - r.candidateRequests() * 0.005, r.extra5xx(), 1e-9);
    assertEquals(0.195 * r.candidateRequests(), r.extra5xx(), 0.05 * r.candidateRequests());
  }

  @Test
  void everyPolicyOfTheBenchmarkDecidesTheObviousCases() {
    Cell terrible = new Cell(0.005, Regression.parse("rate 20%"), 1.0, 500, 1, 3);
    Cell fine = new Cell(0.001, Regression.NONE, 1.0, 500, 1, 3);
    for (PolicyUnderTest p : DecisionBenchmark.policies()) {
      for (int seed = 0; seed < 3; seed++) {
        assertEquals(Outcome.ROLLED_BACK, ReleaseSimulation.run(p, terrible, seed, DELAY, HORIZON).outcome(),
            p.name());
        Result ok = ReleaseSimulation.run(p, fine, seed, DELAY, HORIZON);
        assertEquals(Outcome.PROMOTED, ok.outcome(), p.name());
      }
    }
  }

  @Test
  void runshiftsPoliciesAreTheRealOnes() {
    assertEquals(dev.runshift.policy.RolloutPolicy.defaults(), RunshiftPolicy.defaults().policy());
    assertTrue(RunshiftPolicy.defaults().policy().verdict().sequential());
    dev.runshift.policy.RolloutPolicy old = RunshiftPolicy.oldThreshold().policy();
    assertEquals(List.of(5, 25, 50, 100), old.steps());
    assertEquals(Duration.ofMinutes(5), old.soak());
    assertEquals(2, old.failureLimit());
    assertEquals(dev.runshift.policy.Analysis.THRESHOLD, old.verdict().analysis());
  }

  @Test
  void theOldThresholdPolicyRollsBackOnTheSecondUnhealthyWindow() {
    // The first period of the step, [T0, T0+1m), is visible at T0+3m: unhealthy; again at T0+4m: rolled back.
    Cell terrible = new Cell(0.005, Regression.parse("rate 20%"), 1.0, 500, 1, 3);
    Result r = ReleaseSimulation.run(RunshiftPolicy.oldThreshold(), terrible, 1, DELAY, HORIZON);
    assertEquals(Outcome.ROLLED_BACK, r.outcome());
    assertEquals(4 * MIN, r.millis());
  }

  @Test
  void theSameSeedGivesTheSameRelease() {
    Cell cell = new Cell(0.009, Regression.parse("2x"), 1.0, 10, 1, 3);
    for (PolicyUnderTest p : DecisionBenchmark.policies()) {
      assertEquals(ReleaseSimulation.run(p, cell, 17, DELAY, HORIZON), ReleaseSimulation.run(p, cell, 17, DELAY, HORIZON));
    }
  }

  @Test
  void aSmallCorpusRunsThroughTheBenchmark() throws Exception {
    Corpus corpus = Corpus.parse("t", "replicates: 3\ngrid: {baseRates: [0.5%], regressions: [none, 5x], "
        + "requestsPerSecond: [50]}");
    DecisionReport report = DecisionBenchmark.run(
        new DecisionBenchmark.Options(corpus, DELAY, HORIZON, 2), DecisionBenchmark.policies(), line -> {});
    assertEquals(2, report.cells().size());
    assertEquals(2 * 3 * 5, report.releases());
    assertEquals(5, report.cells().get(0).policies().size());
    String text = report.text();
    assertTrue(text.contains("base 0.5%, 5x (2.5%), 50 rps  [regression]"), text);
    assertTrue(text.contains("releases simulated: 30"), text);
    assertTrue(report.json().contains("\"medianMinutesToPromote\""), report.json());
  }
}
