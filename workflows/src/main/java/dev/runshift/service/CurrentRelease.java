package dev.runshift.service;

/**
 * The release a service is running now. Its live status is the child workflow's {@code status()}
 * query: query {@code workflowId} directly.
 *
 * @param abortRequested whether the service asked it to abort in favour of a newer request
 */
public record CurrentRelease(
    String releaseId,
    String workflowId,
    String image,
    String origin,
    String requestedBy,
    long startedAt,
    boolean abortRequested) {

  CurrentRelease withAbortRequested() {
    return new CurrentRelease(releaseId, workflowId, image, origin, requestedBy, startedAt, true);
  }
}
