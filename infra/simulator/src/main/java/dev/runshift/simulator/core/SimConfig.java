package dev.runshift.simulator.core;

import java.time.Duration;

/**
 * Simulator settings.
 *
 * @param port gRPC port on localhost (0: any free port)
 * @param seed seed of every pseudo-random choice (request counts and latencies, digests, fault rates), so
 *     runs are reproducible
 * @param revisionReadyDelay how long a new revision takes to become ready
 * @param buildQueueDelay how long a build stays QUEUED
 * @param buildWorkDelay how long a build stays WORKING
 * @param samplePeriod Cloud Monitoring's sample period for Cloud Run metrics (60 s in Google Cloud)
 * @param metricsDelay how late metrics become visible (Cloud Run's can be 180 s late in Google Cloud)
 * @param defaultRequestRate requests per second a new service receives
 */
public record SimConfig(
    int port,
    long seed,
    Duration revisionReadyDelay,
    Duration buildQueueDelay,
    Duration buildWorkDelay,
    Duration samplePeriod,
    Duration metricsDelay,
    double defaultRequestRate) {

  public SimConfig {
    if (samplePeriod.isZero() || samplePeriod.isNegative()) {
      throw new IllegalArgumentException("samplePeriod must be positive: " + samplePeriod);
    }
  }

  public static SimConfig defaults() {
    return new SimConfig(
        0,
        42L,
        Duration.ofSeconds(5),
        Duration.ofSeconds(2),
        Duration.ofSeconds(20),
        Duration.ofSeconds(60),
        Duration.ZERO,
        10.0);
  }

  public SimConfig withPort(int p) {
    return new SimConfig(p, seed, revisionReadyDelay, buildQueueDelay, buildWorkDelay, samplePeriod,
        metricsDelay, defaultRequestRate);
  }

  public SimConfig withSeed(long s) {
    return new SimConfig(port, s, revisionReadyDelay, buildQueueDelay, buildWorkDelay, samplePeriod,
        metricsDelay, defaultRequestRate);
  }

  public SimConfig withRevisionReadyDelay(Duration d) {
    return new SimConfig(port, seed, d, buildQueueDelay, buildWorkDelay, samplePeriod, metricsDelay,
        defaultRequestRate);
  }

  public SimConfig withBuildDelays(Duration queued, Duration working) {
    return new SimConfig(port, seed, revisionReadyDelay, queued, working, samplePeriod, metricsDelay,
        defaultRequestRate);
  }

  public SimConfig withSamplePeriod(Duration d) {
    return new SimConfig(port, seed, revisionReadyDelay, buildQueueDelay, buildWorkDelay, d, metricsDelay,
        defaultRequestRate);
  }

  public SimConfig withMetricsDelay(Duration d) {
    return new SimConfig(port, seed, revisionReadyDelay, buildQueueDelay, buildWorkDelay, samplePeriod, d,
        defaultRequestRate);
  }

  public SimConfig withDefaultRequestRate(double rps) {
    return new SimConfig(port, seed, revisionReadyDelay, buildQueueDelay, buildWorkDelay, samplePeriod,
        metricsDelay, rps);
  }

  /**
   * Ignored: kept so that older callers still compile. Request and 5xx counts are no longer a model value
   * with bounded noise but Poisson and binomial draws (see {@code RequestModel}), so there is no noise bound
   * to set.
   *
   * @deprecated the request model has no noise setting; remove the call
   */
  @Deprecated
  public SimConfig withMetricsNoise(double ignored) {
    return this;
  }
}
