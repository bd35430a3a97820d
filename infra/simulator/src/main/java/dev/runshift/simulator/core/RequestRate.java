package dev.runshift.simulator.core;

import java.time.Duration;
import java.time.Instant;

/**
 * The requests per second a Cloud Run service receives (all its revisions together) as a function of
 * time: a {@link Constant} or a {@link Daily} curve. A step change is a {@code RequestRate} that starts
 * at a later time (see {@code CloudRunSim.setRequestRate(service, from, rate)}).
 *
 * <p>{@link #integral} is exact (closed form), so the expected number of requests in any interval does
 * not depend on how the interval is cut.
 */
public sealed interface RequestRate permits RequestRate.Constant, RequestRate.Daily {

  /** The rate (requests per second) at {@code t}. */
  double at(Instant t);

  /** The expected number of requests in {@code [fromMillis, toMillis)} (epoch milliseconds); 0 if empty. */
  double integral(long fromMillis, long toMillis);

  /** The expected number of requests in {@code [from, to)}; 0 if empty. */
  default double integral(Instant from, Instant to) {
    return integral(from.toEpochMilli(), to.toEpochMilli());
  }

  /** The average rate over a day: the constant rate, or the daily curve's mean. */
  double meanRps();

  /** Always {@code rps} requests per second. */
  static Constant constant(double rps) {
    return new Constant(rps);
  }

  /**
   * A daily cycle around {@code meanRps}: {@code meanRps (1 + amplitude cos(2 pi (t - peak) / 24 h))}, highest
   * ({@code meanRps (1 + amplitude)}) at {@code peakHourUtc} every day and lowest 12 hours later.
   */
  static Daily daily(double meanRps, double amplitude, double peakHourUtc) {
    return new Daily(meanRps, amplitude, peakHourUtc);
  }

  /** A constant rate. */
  record Constant(double rps) implements RequestRate {
    public Constant {
      if (!(rps >= 0) || Double.isInfinite(rps)) {
        throw new IllegalArgumentException("a request rate must be a finite number >= 0, was " + rps);
      }
    }

    @Override
    public double at(Instant t) {
      return rps;
    }

    @Override
    public double integral(long fromMillis, long toMillis) {
      return toMillis <= fromMillis ? 0 : rps * (toMillis - fromMillis) / 1000.0;
    }

    @Override
    public double meanRps() {
      return rps;
    }
  }

  /**
   * A smooth daily curve: {@code meanRps (1 + amplitude cos(2 pi (t - peak) / 1 day))} with {@code t} in UTC
   * and the peak at {@code peakHourUtc} (fractional hours allowed).
   *
   * @param meanRps the average over a day, >= 0
   * @param amplitude the relative swing, in [0, 1] (0: constant; 1: from 0 at the trough to twice the mean)
   * @param peakHourUtc the hour of the day (UTC) of the highest rate, in [0, 24)
   */
  record Daily(double meanRps, double amplitude, double peakHourUtc) implements RequestRate {
    static final long DAY_MILLIS = Duration.ofDays(1).toMillis();
    private static final double RADIANS_PER_MILLI = 2 * Math.PI / DAY_MILLIS;

    public Daily {
      if (!(meanRps >= 0) || Double.isInfinite(meanRps)) {
        throw new IllegalArgumentException("a mean request rate must be a finite number >= 0, was " + meanRps);
      }
      if (!(amplitude >= 0 && amplitude <= 1)) {
        throw new IllegalArgumentException("amplitude must be in [0, 1], was " + amplitude);
      }
      if (!(peakHourUtc >= 0 && peakHourUtc < 24)) {
        throw new IllegalArgumentException("peakHourUtc must be in [0, 24), was " + peakHourUtc);
      }
    }

    private long peakMillis() {
      return Math.round(peakHourUtc * 3_600_000);
    }

    /** The phase of {@code t} in the daily cycle, radians in [0, 2 pi), 0 at the peak. */
    private double phase(long millis) {
      return Math.floorMod(millis - peakMillis(), DAY_MILLIS) * RADIANS_PER_MILLI;
    }

    @Override
    public double at(Instant t) {
      return meanRps * (1 + amplitude * Math.cos(phase(t.toEpochMilli())));
    }

    @Override
    public double integral(long fromMillis, long toMillis) {
      if (toMillis <= fromMillis) {
        return 0;
      }
      // the antiderivative of mean (1 + a cos(w t)) is mean (t + a sin(w t) / w)
      double seconds = (toMillis - fromMillis) / 1000.0;
      double swing = amplitude * (Math.sin(phase(toMillis)) - Math.sin(phase(fromMillis))) / (RADIANS_PER_MILLI * 1000);
      return Math.max(0, meanRps * (seconds + swing));
    }
  }
}
