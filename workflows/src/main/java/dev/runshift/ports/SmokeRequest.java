package dev.runshift.ports;

/** Run {@code check} against {@code baseUrl} (the candidate's tag URL). */
public record SmokeRequest(String baseUrl, SmokeCheck check) {}
