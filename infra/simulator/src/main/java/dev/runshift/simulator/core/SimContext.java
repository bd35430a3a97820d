package dev.runshift.simulator.core;

/** What every simulated API shares: settings, clock, call log, image behaviours, operations, faults. */
public record SimContext(
    SimConfig config,
    SimClock clock,
    CallLog calls,
    ImageBehaviours images,
    OperationStore operations,
    Faults faults) {}
