package dev.runshift.simulator.run;

import dev.runshift.simulator.core.RequestRate;
import java.time.Instant;
import java.util.Objects;

/**
 * The request rate a service receives (all revisions together) from {@code at} on, until the next change:
 * a constant or a daily curve.
 */
public record RateChange(Instant at, RequestRate rate) {
  public RateChange {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(rate, "rate");
  }

  /** A constant {@code requestsPerSecond} from {@code at} on. */
  public RateChange(Instant at, double requestsPerSecond) {
    this(at, RequestRate.constant(requestsPerSecond));
  }

  /** The constant rate, or the daily curve's mean. */
  public double requestsPerSecond() {
    return rate.meanRps();
  }
}
