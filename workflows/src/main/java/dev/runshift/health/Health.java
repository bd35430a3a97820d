package dev.runshift.health;

/** The result of one analysis of a window. */
public enum Health {
  HEALTHY,
  UNHEALTHY,
  /** Not enough data to tell (too few requests, no metrics yet): never counts as Healthy. */
  INCONCLUSIVE
}
