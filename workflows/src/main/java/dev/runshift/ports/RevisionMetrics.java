package dev.runshift.ports;

/**
 * What one revision (or the stable baseline) served in a window. Latencies are in milliseconds and
 * {@code null} when the window holds no latency data.
 */
public record RevisionMetrics(
    long requests, long errors5xx, Double p50Ms, Double p95Ms, Double p99Ms, int samplePoints) {

  public static RevisionMetrics empty() {
    return new RevisionMetrics(0, 0, null, null, null, 0);
  }

  /** 5xx responses over requests; 0 when there were no requests. */
  public double errorRate() {
    return requests == 0 ? 0.0 : (double) errors5xx / requests;
  }
}
