package dev.runshift.ports;

import java.time.Duration;

/**
 * GET {@code path} {@code count} times, each within {@code timeout}, expecting {@code expectedStatus}.
 *
 * @param idToken send a Google ID token (from the verify worker's credentials) whose audience is the URL's
 *     origin, for services that require authentication; off by default
 */
public record SmokeCheck(String path, int expectedStatus, Duration timeout, int count, boolean idToken) {

  /** A check sent without credentials. */
  public SmokeCheck(String path, int expectedStatus, Duration timeout, int count) {
    this(path, expectedStatus, timeout, count, false);
  }
}
