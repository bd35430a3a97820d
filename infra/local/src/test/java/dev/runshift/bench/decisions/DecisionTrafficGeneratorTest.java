package dev.runshift.bench.decisions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runshift.ports.ArmCounts;
import dev.runshift.ports.MetricPeriod;
import dev.runshift.ports.PeriodSeries;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionTrafficGeneratorTest {
  static final long MIN = 60_000;
  static final long T0 = ReleaseSimulation.T0;
  static final Cell CELL = new Cell(0.01, Regression.parse("5x"), 1.0, 500, 1, 7);

  static TrafficGenerator generator(long seed, Duration delay, boolean latencies) {
    return new TrafficGenerator(CELL, seed, delay, latencies, T0 - 120 * MIN);
  }

  @Test
  void onlyWholeAlignedPeriodsInsideTheWindowAndOlderThanTheDelay() {
    TrafficGenerator g = generator(1, Duration.ofMinutes(2), false);
    long now = T0 + 10 * MIN + 30_000;
    PeriodSeries s = g.periods(T0 + 1_000, now);
    // [T0+1s, now): periods start at T0+1m or later; visible when ended by now - 2m = T0+8m30s.
    List<Long> starts = s.periods().stream().map(MetricPeriod::startEpochMillis).toList();
    assertEquals(List.of(T0 + MIN, T0 + 2 * MIN, T0 + 3 * MIN, T0 + 4 * MIN, T0 + 5 * MIN, T0 + 6 * MIN,
        T0 + 7 * MIN), starts);
    for (MetricPeriod p : s.periods()) {
      assertEquals(0, p.startEpochMillis() % MIN);
      assertEquals(MIN, p.endEpochMillis() - p.startEpochMillis());
    }
    assertEquals(T0 + 8 * MIN, g.visibleUntil(now));
    assertTrue(g.periods(T0, T0 + 2 * MIN).periods().isEmpty(), "nothing has ended 2 minutes before");
    assertEquals(1, g.periods(T0, T0 + 3 * MIN).periods().size());
    assertEquals(List.of(T0 + 9 * MIN), g.periods(T0 + 9 * MIN, T0 + 12 * MIN).periods().stream()
        .map(MetricPeriod::startEpochMillis).toList());
  }

  @Test
  void withoutDelayAPeriodIsVisibleWhenItEnds() {
    TrafficGenerator g = generator(1, Duration.ZERO, false);
    assertEquals(3, g.periods(T0, T0 + 3 * MIN).periods().size());
    assertEquals(2, g.periods(T0, T0 + 3 * MIN - 1).periods().size());
  }

  @Test
  void countsAreReproducibleForASeedAndIndependentOfHowTheyAreRead() {
    TrafficGenerator a = generator(11, Duration.ofMinutes(2), false);
    TrafficGenerator b = generator(11, Duration.ofMinutes(2), false);
    a.shift(T0, 25);
    b.shift(T0, 25);
    PeriodSeries whole = a.periods(T0 - 30 * MIN, T0 + 30 * MIN);
    PeriodSeries first = b.periods(T0 - 30 * MIN, T0 + 10 * MIN);
    PeriodSeries rest = b.periods(first.endOr(0), T0 + 30 * MIN);
    assertEquals(whole.periods().size(), first.periods().size() + rest.periods().size());
    for (int i = 0; i < whole.periods().size(); i++) {
      MetricPeriod p = whole.periods().get(i);
      MetricPeriod q = i < first.periods().size() ? first.periods().get(i)
          : rest.periods().get(i - first.periods().size());
      assertEquals(p, q);
    }
    TrafficGenerator other = generator(12, Duration.ofMinutes(2), false);
    other.shift(T0, 25);
    assertNotEquals(whole.periods(), other.periods(T0 - 30 * MIN, T0 + 30 * MIN).periods());
  }

  @Test
  void trafficFollowsTheShifts() {
    TrafficGenerator g = generator(3, Duration.ofMinutes(2), false);
    g.shift(T0, 25);
    g.shift(T0 + 10 * MIN, 100);
    List<MetricPeriod> ps = g.periods(T0 - 5 * MIN, T0 + 20 * MIN).periods();
    for (MetricPeriod p : ps) {
      long total = p.candidate().requests() + p.stable().requests();
      assertEquals(30_000, total, 3_000, "500 rps for 60 s");
      if (p.endEpochMillis() <= T0) {
        assertEquals(0, p.candidate().requests());
      } else if (p.endEpochMillis() <= T0 + 10 * MIN) {
        assertEquals(7_500, p.candidate().requests(), 750);
        // the candidate's rate is 5%, stable's 1%
        assertEquals(0.05, (double) p.candidate().errors5xx() / p.candidate().requests(), 0.01);
        assertEquals(0.01, (double) p.stable().errors5xx() / p.stable().requests(), 0.005);
      } else {
        assertEquals(0, p.stable().requests());
      }
    }
  }

  @Test
  void servedCountsTheSameDrawsIncludingWhatIsNotVisibleYet() {
    TrafficGenerator g = generator(5, Duration.ofMinutes(2), false);
    g.shift(T0, 50);
    List<MetricPeriod> visible = g.periods(T0, T0 + 12 * MIN).periods();
    long requests = visible.stream().mapToLong(p -> p.candidate().requests()).sum();
    long errors = visible.stream().mapToLong(p -> p.candidate().errors5xx()).sum();
    assertEquals(new ArmCounts(requests, errors, null), g.served(T0, T0 + 10 * MIN));
    assertTrue(g.served(T0, T0 + 12 * MIN).requests() > requests);
  }

  @Test
  void latencyBucketsOnlyWhenAsked() {
    TrafficGenerator without = generator(5, Duration.ofMinutes(2), false);
    without.shift(T0, 50);
    PeriodSeries s = without.periods(T0, T0 + 5 * MIN);
    assertTrue(s.latencyBounds().isEmpty());
    assertEquals(0, s.periods().get(0).candidate().latencyCount());

    TrafficGenerator with = generator(5, Duration.ofMinutes(2), true);
    with.shift(T0, 50);
    PeriodSeries l = with.periods(T0, T0 + 5 * MIN);
    assertEquals(101, l.latencyBounds().size(), "Cloud Run: 100 finite exponential buckets, 101 bounds");
    assertEquals(1.0, l.latencyBounds().get(0));
    assertEquals(1.4, l.latencyBounds().get(1), 1e-12);
    for (MetricPeriod p : l.periods()) {
      assertEquals(p.candidate().requests(), p.candidate().latencyCount());
      assertEquals(p.stable().requests(), p.stable().latencyCount());
    }
  }

  @Test
  void aShiftCannotRewritePeriodsAlreadyDrawn() {
    TrafficGenerator g = generator(5, Duration.ofMinutes(2), false);
    g.periods(T0, T0 + 10 * MIN);
    assertThrows(IllegalStateException.class, () -> g.shift(T0 + 5 * MIN, 10));
    g.shift(T0 + 10 * MIN, 10);
  }
}
