package dev.runshift.bench.decisions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runshift.ports.ArmCounts;
import dev.runshift.ports.MetricPeriod;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each anchor rule on small hand-made period streams. */
class DecisionRulesTest {
  static final long MIN = 60_000;
  static final long T0 = ReleaseSimulation.T0;

  /** Minute {@code k} after T0, with the candidate's requests and 5xx (stable: 1000 clean requests). */
  static MetricPeriod period(int k, long requests, long errors) {
    return new MetricPeriod(T0 + k * MIN, T0 + (k + 1) * MIN, new ArmCounts(requests, errors, null),
        new ArmCounts(1000, 0, null));
  }

  /** A look at T0 + {@code minute}, data up to 2 minutes before it, every period ending by then. */
  static RuleLook look(int step, int stepStartMinute, int minute, List<MetricPeriod> all) {
    long dataEnd = T0 + (minute - 2) * MIN;
    List<MetricPeriod> visible = all.stream().filter(p -> p.endEpochMillis() <= dataEnd).toList();
    return new RuleLook(step, T0 + stepStartMinute * MIN, T0 + minute * MIN, dataEnd, visible);
  }

  /** Runs {@code rule} at minutes 1..n of step 0 and returns every move. */
  static <S> List<Move> moves(DecisionRule<S> rule, int looks, List<MetricPeriod> periods) {
    S state = rule.initial();
    List<Move> out = new ArrayList<>();
    for (int m = 1; m <= looks; m++) {
      DecisionRule.Decision<S> d = rule.decide(state, look(0, 0, m, periods));
      state = d.state();
      out.add(d.move());
    }
    return out;
  }

  static List<MetricPeriod> minutes(int from, int to, long requests, long errors) {
    List<MetricPeriod> out = new ArrayList<>();
    for (int k = from; k < to; k++) {
      out.add(period(k, requests, errors));
    }
    return out;
  }

  @Test
  void flaggerRollsBackOneIntervalAfterTheFifthFailedCheck() {
    // 2% 5xx from the start: success rate 98% < 99% at every check that sees data.
    List<MetricPeriod> bad = minutes(-60, 60, 100, 2);
    List<Move> m = moves(new FlaggerRule(), 6, bad);
    assertEquals(List.of(Move.HOLD, Move.HOLD, Move.HOLD, Move.HOLD, Move.HOLD, Move.ROLL_BACK), m);
  }

  @Test
  void flaggerCountsNoDataAsAFailedCheckAndNeverForgetsOne() {
    FlaggerRule rule = new FlaggerRule();
    // The candidate's first traffic is at T0: the checks at minutes 1 and 2 see only minutes -1 and 0.
    List<MetricPeriod> periods = new ArrayList<>(minutes(-60, 0, 0, 0));
    periods.addAll(minutes(0, 60, 100, 0));
    FlaggerRule.State s = rule.initial();
    DecisionRule.Decision<FlaggerRule.State> d = rule.decide(s, look(0, 0, 1, periods));
    assertEquals(Move.HOLD, d.move());
    assertEquals(1, d.state().failedChecks());
    d = rule.decide(d.state(), look(0, 0, 2, periods));
    assertEquals(2, d.state().failedChecks());
    d = rule.decide(d.state(), look(0, 0, 3, periods));
    assertEquals(Move.ADVANCE, d.move(), d.reason());
    assertEquals(2, d.state().failedChecks(), "a passed check does not reset the count");
    // With 3 more failures the 5th is reached and the next tick rolls back, even if it would pass.
    d = rule.decide(new FlaggerRule.State(5), look(1, 3, 4, periods));
    assertEquals(Move.ROLL_BACK, d.move());
  }

  @Test
  void flaggerPassesAtExactlyNinetyNinePercent() {
    List<MetricPeriod> periods = minutes(-60, 60, 100, 1);
    assertEquals(Move.ADVANCE, new FlaggerRule().decide(new FlaggerRule.State(0), look(0, 0, 3, periods)).move());
  }

  @Test
  void argoAbortsOnTheFirstFailedMeasurement() {
    List<MetricPeriod> periods = new ArrayList<>(minutes(-60, 0, 0, 0));
    periods.addAll(minutes(0, 3, 100, 0));
    periods.add(period(3, 100, 2));
    periods.addAll(minutes(4, 60, 100, 0));
    // looks at minutes 1, 2: no data (errors); 3, 4, 5: clean (minutes 0..2); 6 sees minute 3: 2% > 1%.
    assertEquals(List.of(Move.HOLD, Move.HOLD, Move.HOLD, Move.HOLD, Move.ADVANCE, Move.ROLL_BACK),
        moves(new ArgoRule(), 6, periods));
  }

  @Test
  void argoAbortsAfterMoreThanFourConsecutiveErrorsAndASuccessResetsThem() {
    ArgoRule rule = new ArgoRule();
    assertEquals(1, rule.initial().consecutiveErrors(), "the measurement at the start saw no canary data");
    List<MetricPeriod> none = minutes(-60, 60, 0, 0);
    assertEquals(List.of(Move.HOLD, Move.HOLD, Move.HOLD, Move.ROLL_BACK), moves(rule, 4, none));
    DecisionRule.Decision<ArgoRule.State> d =
        rule.decide(new ArgoRule.State(4), look(0, 0, 3, minutes(-60, 60, 100, 1)));
    assertEquals(0, d.state().consecutiveErrors());
    assertEquals(Move.HOLD, d.move(), "1% is not above 1%, and the 5-minute pause is not over");
  }

  @Test
  void argoAdvancesWhenThePauseIsOver() {
    List<MetricPeriod> clean = minutes(-60, 60, 100, 0);
    ArgoRule rule = new ArgoRule();
    assertEquals(Move.HOLD, rule.decide(new ArgoRule.State(0), look(2, 10, 14, clean)).move());
    assertEquals(Move.ADVANCE, rule.decide(new ArgoRule.State(0), look(2, 10, 15, clean)).move());
  }

  @Test
  void crrmRollsBackOnOneUnhealthyCheckOverItsThirtyMinuteWindow() {
    // 10 requests a minute from T0 on, all clean but minute 10's, which holds 5 errors.
    List<MetricPeriod> periods = new ArrayList<>(minutes(-60, 0, 0, 0));
    periods.addAll(minutes(0, 10, 10, 0));
    periods.add(period(10, 10, 5));
    periods.addAll(minutes(11, 120, 10, 0));
    CrrmRule rule = new CrrmRule();
    CrrmRule.State s = rule.initial();
    // At minute 12 the window [-20, 10) holds minutes 0..9: 100 clean requests, healthy; wait for min-wait.
    assertEquals(Move.HOLD, rule.decide(s, look(0, 0, 12, periods)).move());
    // At minute 13 minute 10 is visible: 5 of 110 requests, 4.5% > 1%, and one unhealthy check rolls back.
    assertEquals(Move.ROLL_BACK, rule.decide(s, look(0, 0, 13, periods)).move());
    // Once minute 10 is older than 30 minutes of data, the window is clean again.
    assertEquals(Move.ADVANCE, rule.decide(s, look(1, 0, 43, periods)).move());
  }

  @Test
  void crrmIsInconclusiveBelowOneHundredRequestsEvenWhenFailing() {
    List<MetricPeriod> periods = new ArrayList<>(minutes(-60, 0, 0, 0));
    periods.addAll(minutes(0, 120, 3, 3));
    CrrmRule rule = new CrrmRule();
    // At minute 34, 30 minutes of 3 requests = 90 < 100.
    assertEquals(Move.HOLD, rule.decide(rule.initial(), look(0, 0, 34, periods)).move());
    // At minute 36 the window holds minutes 4..33, 90 requests: still inconclusive (the count wins).
    assertEquals(Move.HOLD, rule.decide(rule.initial(), look(0, 0, 36, periods)).move());
  }

  @Test
  void crrmWaitsThirtyMinutesPerStep() {
    List<MetricPeriod> clean = minutes(-60, 200, 100, 0);
    CrrmRule rule = new CrrmRule();
    assertEquals(Move.HOLD, rule.decide(rule.initial(), look(1, 30, 59, clean)).move());
    assertEquals(Move.ADVANCE, rule.decide(rule.initial(), look(1, 30, 60, clean)).move());
  }

  @Test
  void rulesHaveTheirToolsSteps() {
    assertEquals(List.of(5, 20, 50, 80, 100), new CrrmRule().steps());
    assertEquals(List.of(10, 20, 30, 40, 50), new FlaggerRule().steps());
    assertEquals(List.of(20, 40, 60, 80), new ArgoRule().steps());
  }
}
