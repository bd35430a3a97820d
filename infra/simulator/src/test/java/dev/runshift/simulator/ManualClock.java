package dev.runshift.simulator;

import dev.runshift.simulator.core.SimClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** A simulator clock that moves only when a test advances it. */
public final class ManualClock {
  private final AtomicLong millis;

  public ManualClock(Instant start) {
    this.millis = new AtomicLong(start.toEpochMilli());
  }

  /** Starts at 2026-01-01T00:00:00Z, a whole minute, so sample periods line up with test arithmetic. */
  public static ManualClock atEpochMinute() {
    return new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  }

  public SimClock simClock() {
    return SimClock.ofMillis(millis::get);
  }

  public Instant now() {
    return Instant.ofEpochMilli(millis.get());
  }

  public void advance(Duration d) {
    millis.addAndGet(d.toMillis());
  }

  public void set(Instant t) {
    millis.set(t.toEpochMilli());
  }
}
