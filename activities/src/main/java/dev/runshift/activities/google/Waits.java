package dev.runshift.activities.google;

import io.temporal.activity.Activity;
import io.temporal.client.ActivityCompletionException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waiting inside an activity without hiding anything from Temporal: every wait heartbeats, so a
 * worker that dies is noticed within the heartbeat timeout, a cancelled release stops the wait, and
 * how long a step may take is bounded only by the activity's own timeouts.
 */
public final class Waits {
  private Waits() {}

  /**
   * The result of {@code future}, heartbeating {@code details} every {@code every} until it completes.
   * If the activity is cancelled or times out, the future is cancelled and the heartbeat's
   * {@link ActivityCompletionException} propagates.
   *
   * @throws ExecutionException as {@link Future#get()} does, when the operation failed
   */
  public static <T> T await(Future<T> future, Duration every, Object details) throws ExecutionException {
    while (true) {
      try {
        return future.get(every.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException stillRunning) {
        heartbeat(future, details);
      } catch (InterruptedException e) {
        future.cancel(true);
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for a long-running operation", e);
      }
    }
  }

  /**
   * Reads with {@code read} until {@code done} holds, waiting between reads as {@code polling} says and
   * heartbeating {@code details} at least every {@code every}. Returns the first value that is done.
   */
  public static <T> T poll(
      Supplier<T> read, Predicate<T> done, LroPolling polling, Duration every, Object details) {
    for (int attempt = 0; ; attempt++) {
      T value = read.get();
      if (done.test(value)) {
        return value;
      }
      sleepHeartbeating(polling.delayBefore(attempt), every, details);
    }
  }

  private static void sleepHeartbeating(Duration total, Duration every, Object details) {
    long remaining = total.toMillis();
    while (true) {
      Activity.getExecutionContext().heartbeat(details);
      if (remaining <= 0) {
        return;
      }
      long slice = Math.min(remaining, every.toMillis());
      try {
        Thread.sleep(slice);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while polling", e);
      }
      remaining -= slice;
    }
  }

  private static void heartbeat(Future<?> future, Object details) {
    try {
      Activity.getExecutionContext().heartbeat(details);
    } catch (ActivityCompletionException e) {
      future.cancel(true);
      throw e;
    }
  }
}
