package dev.runshift.service;

/**
 * A request or control the service received and deliberately did nothing with.
 *
 * @param kind {@code deploy} for a release request, else the control's name ({@code pause}, …)
 * @param image the requested image (deploy only)
 * @param origin / dedupeKey as sent (deploy only)
 * @param reason why it was ignored, e.g. "duplicate", "already serving", "superseded by …"
 */
public record IgnoredEvent(
    long at, String kind, String image, String origin, String dedupeKey, String reason) {}
