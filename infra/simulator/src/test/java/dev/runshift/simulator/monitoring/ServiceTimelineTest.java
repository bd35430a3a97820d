package dev.runshift.simulator.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.runshift.simulator.core.RequestRate;
import dev.runshift.simulator.monitoring.ServiceTimeline.Segment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Expected requests: the exact integral of rate x traffic share, for constant, daily and stepped rates. */
class ServiceTimelineTest {
  private static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");

  private static ServiceTimeline of(Segment... segments) {
    return new ServiceTimeline("p", "r", "s", List.of(segments), Map.of("a", "img:a", "b", "img:b"));
  }

  /** Composite Simpson's rule over [from, to) in 1-second steps (the rate is smooth). */
  private static double simpson(RequestRate rate, Instant from, Instant to) {
    long n = Duration.between(from, to).toSeconds();
    n += n % 2;
    double h = Duration.between(from, to).toMillis() / 1000.0 / n;
    double sum = rate.at(from) + rate.at(to);
    for (long i = 1; i < n; i++) {
      sum += (i % 2 == 1 ? 4 : 2) * rate.at(from.plusMillis(Math.round(i * h * 1000)));
    }
    return sum * h / 3;
  }

  @Test
  void aConstantRateIsRateTimesShareTimesDuration() {
    ServiceTimeline t = of(new Segment(T0, 20, Map.of("a", 90, "b", 10)));
    assertEquals(20 * 0.9 * 60, t.expectedRequests("a", T0, T0.plusSeconds(60)), 1e-9);
    assertEquals(20 * 0.1 * 0.5, t.expectedRequests("b", T0.plusMillis(1500), T0.plusMillis(2000)), 1e-12);
    assertEquals(0, t.expectedRequests("c", T0, T0.plusSeconds(60)), "a revision without traffic");
    assertEquals(0, t.expectedRequests("a", T0.minusSeconds(60), T0), "before the first segment");
    assertEquals(0, t.expectedRequests("a", T0.plusSeconds(60), T0), "an empty interval");
  }

  @Test
  void aStepChangeSplitsThePeriodExactly() {
    Instant step = T0.plusSeconds(90);
    ServiceTimeline t = of(
        new Segment(T0, 10, Map.of("a", 100)),
        new Segment(step, 50, Map.of("a", 100)),
        new Segment(step.plusSeconds(600), RequestRate.daily(50, 0.5, 3), Map.of("a", 50, "b", 50)));
    // the minute [60 s, 120 s) has 30 s at 10 rps and 30 s at 50 rps
    assertEquals(30 * 10 + 30 * 50, t.expectedRequests("a", T0.plusSeconds(60), T0.plusSeconds(120)), 1e-9);
    assertEquals(0, t.expectedRequests("b", T0, step.plusSeconds(600)));
    // any cut of an interval adds up to the whole
    Instant from = T0.plusSeconds(17);
    Instant to = step.plus(Duration.ofHours(5)).plusMillis(333);
    double whole = t.expectedRequests("a", from, to);
    double parts = 0;
    for (Instant a = from; a.isBefore(to); a = a.plusSeconds(37)) {
      Instant b = a.plusSeconds(37).isAfter(to) ? to : a.plusSeconds(37);
      parts += t.expectedRequests("a", a, b);
    }
    assertEquals(whole, parts, whole * 1e-12);
  }

  @Test
  void aDailyCurveIntegratesExactly() {
    RequestRate.Daily daily = RequestRate.daily(120, 0.6, 14.5);
    ServiceTimeline t = of(new Segment(T0.minus(Duration.ofDays(3)), daily, Map.of("a", 25, "b", 75)));
    // a whole day, from any time of day, is the mean times a day
    for (int h : new int[] {0, 5, 14, 23}) {
      Instant from = T0.plus(Duration.ofHours(h)).plusSeconds(1234);
      assertEquals(120 * 0.25 * 86_400, t.expectedRequests("a", from, from.plus(Duration.ofDays(1))), 1e-6);
    }
    // the peak and the trough
    assertEquals(120 * 1.6, daily.at(T0.plus(Duration.ofMinutes(14 * 60 + 30))), 1e-9);
    assertEquals(120 * 0.4, daily.at(T0.plus(Duration.ofMinutes(2 * 60 + 30))), 1e-9);
    // any interval agrees with a fine numerical integration
    Instant[][] intervals = {
      {T0.plusSeconds(7 * 3600 + 13 * 60), T0.plusSeconds(19 * 3600 + 47 * 60)},
      {T0.plusSeconds(14 * 3600), T0.plusSeconds(14 * 3600 + 60)},
      {T0.minusSeconds(1800), T0.plusSeconds(1800)},
    };
    for (Instant[] i : intervals) {
      double exact = t.expectedRequests("b", i[0], i[1]);
      assertEquals(0.75 * simpson(daily, i[0], i[1]), exact, exact * 1e-9, i[0] + " .. " + i[1]);
    }
  }

  @Test
  void badRatesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> RequestRate.constant(-1));
    assertThrows(IllegalArgumentException.class, () -> RequestRate.constant(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> RequestRate.daily(10, 1.5, 3));
    assertThrows(IllegalArgumentException.class, () -> RequestRate.daily(10, 0.5, 24));
    assertThrows(IllegalArgumentException.class, () -> RequestRate.daily(-10, 0.5, 3));
    assertThrows(IllegalArgumentException.class, () -> of(
        new Segment(T0, 1, Map.of()), new Segment(T0.minusSeconds(1), 1, Map.of())));
  }
}
