package dev.runshift.ports;

import java.time.Duration;

/** GET {@code path} {@code count} times, each within {@code timeout}, expecting {@code expectedStatus}. */
public record SmokeCheck(String path, int expectedStatus, Duration timeout, int count) {}
