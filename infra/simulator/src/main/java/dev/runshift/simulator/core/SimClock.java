package dev.runshift.simulator.core;

import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * The simulator's notion of now. Standalone it is the wall clock; tests drive it from the Temporal test
 * environment's time so that skipped timers and simulated metrics agree.
 */
@FunctionalInterface
public interface SimClock {

  Instant now();

  static SimClock system() {
    return Instant::now;
  }

  /** A clock reading epoch milliseconds from {@code millis}, e.g. {@code testEnv::currentTimeMillis}. */
  static SimClock ofMillis(LongSupplier millis) {
    return () -> Instant.ofEpochMilli(millis.getAsLong());
  }
}
