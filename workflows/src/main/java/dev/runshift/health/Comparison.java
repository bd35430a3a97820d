package dev.runshift.health;

/** One check the analysis made: the observed value, the limit it was held to, and whether it passed. */
public record Comparison(String check, double observed, double limit, boolean passed) {}
