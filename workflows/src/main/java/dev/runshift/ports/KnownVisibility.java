package dev.runshift.ports;

/**
 * {@link Visibility} as configured for the worker (flag {@code --search-attributes}, or the local stack
 * after registering the attributes itself).
 */
public record KnownVisibility(boolean searchAttributesRegistered) implements Visibility {}
