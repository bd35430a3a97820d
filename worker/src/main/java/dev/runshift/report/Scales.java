package dev.runshift.report;

import java.util.ArrayList;
import java.util.List;

/** Axis arithmetic for the report: linear mappings, round tick steps for values and for time. */
final class Scales {
  private Scales() {}

  /** Maps {@code [d0, d1]} linearly onto {@code [r0, r1]}; a value outside is clamped to the range. */
  record Linear(double d0, double d1, double r0, double r1) {
    Linear {
      if (!(d1 > d0)) {
        throw new IllegalArgumentException("empty domain [" + d0 + ", " + d1 + "]");
      }
    }

    double at(double v) {
      double clamped = Math.max(d0, Math.min(d1, v));
      return r0 + (clamped - d0) / (d1 - d0) * (r1 - r0);
    }
  }

  /** The smallest 1, 2, 2.5 or 5 times a power of ten that is at least {@code v} (v &gt; 0). */
  static double niceCeil(double v) {
    if (!(v > 0) || !Double.isFinite(v)) {
      throw new IllegalArgumentException("not a positive number: " + v);
    }
    double power = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * power >= v * (1 - 1e-12)) {
        return m * power;
      }
    }
    return 10 * power;
  }

  /**
   * Ticks from 0 at a round step up to the first at or above {@code max}, at most {@code most} + 1 of
   * them: the last is the top of the axis, so the axis always ends on a labelled value.
   */
  static List<Double> ticks(double max, int most) {
    double step = niceCeil(max / most);
    long steps = Math.max(1, (long) Math.ceil(max / step - 1e-9));
    List<Double> ticks = new ArrayList<>();
    for (long i = 0; i <= steps; i++) {
      ticks.add(i * step);
    }
    return ticks;
  }

  private static final long[] TIME_STEPS = {
    1_000, 2_000, 5_000, 10_000, 15_000, 30_000,
    60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000,
    3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000
  };

  /** The smallest round time step that puts at most {@code most} ticks on {@code [start, end]}. */
  static long timeStep(long start, long end, int most) {
    long span = Math.max(1, end - start);
    for (long step : TIME_STEPS) {
      if (span / step <= most) {
        return step;
      }
    }
    long day = TIME_STEPS[TIME_STEPS.length - 1];
    return day * (span / (day * most) + 1);
  }

  /** Time ticks on {@code [start, end]} at {@link #timeStep}, on multiples of the step (UTC). */
  static List<Long> timeTicks(long start, long end, int most) {
    long step = timeStep(start, end, most);
    List<Long> ticks = new ArrayList<>();
    for (long t = Math.floorDiv(start + step - 1, step) * step; t <= end; t += step) {
      ticks.add(t);
    }
    return ticks;
  }
}
