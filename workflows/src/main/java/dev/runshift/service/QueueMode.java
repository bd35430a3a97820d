package dev.runshift.service;

/**
 * What a service does with a request that arrives while one of its releases is running. Either way at
 * most one request waits, and it is always the newest: an older waiting request is superseded.
 */
public enum QueueMode {
  /** The running release finishes on its own; the newest request runs after it. */
  NEWEST_WINS,
  /** The running release is told to abort (it rolls back to what served before); then the newest runs. */
  ABORT_CURRENT
}
