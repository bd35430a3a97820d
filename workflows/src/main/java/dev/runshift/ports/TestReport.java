package dev.runshift.ports;

/** The outcome of an artifact test run; {@code logTail} is the last lines of its output. */
public record TestReport(boolean passed, String buildId, String logTail) {}
