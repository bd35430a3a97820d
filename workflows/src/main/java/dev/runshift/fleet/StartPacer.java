package dev.runshift.fleet;

import java.util.Map;

/**
 * Paces release starts per region so a fleet stays inside Cloud Run's write quota: with
 * {@code writesPerMinute} per region and {@code writesPerRelease} writes per release, starts in one
 * region are spaced {@code 60s × writesPerRelease / writesPerMinute} apart (in workflow time). Pure:
 * its state is the next free slot per region, carried across continue-as-new.
 */
public final class StartPacer {
  private final long intervalMillis;
  private final Map<String, Long> nextFreeAt;

  /**
   * Paces over {@code nextFreeAt} (region to its next free slot), which it updates in place: the caller's
   * state carries it. {@code writesPerMinute <= 0}: no pacing.
   */
  public StartPacer(int writesPerMinute, int writesPerRelease, Map<String, Long> nextFreeAt) {
    this.intervalMillis =
        writesPerMinute <= 0 ? 0 : (long) Math.ceil(60_000.0 * Math.max(1, writesPerRelease) / writesPerMinute);
    this.nextFreeAt = nextFreeAt;
  }

  /** Milliseconds to wait before a start in {@code region} is allowed at {@code now}; 0 when allowed. */
  public long delay(String region, long now) {
    Long next = nextFreeAt.get(region);
    return next == null ? 0 : Math.max(0, next - now);
  }

  /** Records a start in {@code region} at {@code now}. */
  public void started(String region, long now) {
    long slot = Math.max(now, nextFreeAt.getOrDefault(region, now));
    nextFreeAt.put(region, slot + intervalMillis);
  }

  public long intervalMillis() {
    return intervalMillis;
  }

}
