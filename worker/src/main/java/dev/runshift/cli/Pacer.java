package dev.runshift.cli;

import java.time.Duration;

/**
 * The clock and the sleep of something that polls. The system one for people; a test passes one over
 * Temporal's skipped workflow time, so that nothing it checks depends on the wall clock.
 */
public interface Pacer {
  long nowMillis();

  void sleep(Duration duration) throws InterruptedException;

  /** The wall clock and {@link Thread#sleep}. */
  static Pacer system() {
    return new Pacer() {
      @Override
      public long nowMillis() {
        return System.currentTimeMillis();
      }

      @Override
      public void sleep(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
      }
    };
  }
}
