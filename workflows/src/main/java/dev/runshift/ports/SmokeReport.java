package dev.runshift.ports;

/** How many smoke requests passed and failed, and the last failure seen. */
public record SmokeReport(int passed, int failed, String lastFailure) {}
