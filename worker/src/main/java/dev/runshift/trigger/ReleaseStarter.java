package dev.runshift.trigger;

/**
 * Hands a release to Temporal. Returns only once Temporal has durably accepted it; throws (any
 * runtime exception) if it did not, in which case the caller must not consider the release delivered.
 * Delivering the same release twice is harmless: the service entity ignores a known dedupe key.
 */
@FunctionalInterface
public interface ReleaseStarter {
  void start(RoutedRelease release);

  /**
   * Starts a fleet redeploy, with the same contract: returns once Temporal accepted it (or already had
   * it: a fleet of the same digest is started once). Starters that cannot start fleets refuse.
   */
  default void startFleet(RoutedFleet fleet) {
    throw new UnsupportedOperationException("this starter does not start fleet redeploys");
  }
}
