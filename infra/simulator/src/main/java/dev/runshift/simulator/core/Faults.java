package dev.runshift.simulator.core;

/**
 * Injected faults and the per-region write quota. TODO(simulator issue): per-method status codes for
 * the next N calls or at a rate, added latency, and a Cloud Run write quota per region per minute.
 */
public final class Faults {}
