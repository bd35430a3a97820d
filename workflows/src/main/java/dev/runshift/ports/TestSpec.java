package dev.runshift.ports;

import java.time.Duration;
import java.util.List;

/** A test command run inside the built image (entrypoint overridden), and how long it may take. */
public record TestSpec(List<String> command, Duration timeout) {}
