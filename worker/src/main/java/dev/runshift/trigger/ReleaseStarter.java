package dev.runshift.trigger;

/**
 * Hands a release to Temporal. Returns only once Temporal has durably accepted it; throws (any
 * runtime exception) if it did not, in which case the caller must not consider the release delivered.
 * Delivering the same release twice is harmless: the service entity ignores a known dedupe key.
 */
@FunctionalInterface
public interface ReleaseStarter {
  void start(RoutedRelease release);
}
