package dev.runshift.bench.decisions;

import dev.runshift.simulator.core.ImageBehaviours;
import dev.runshift.simulator.monitoring.RequestModel;

/** The one place that constructs the simulator's {@link RequestModel} for the decision benchmark. */
final class RequestModels {
  private RequestModels() {}

  /**
   * The simulator's statistical sampler: requests ~ Poisson, 5xx ~ Binomial, latency buckets ~
   * Multinomial, every draw keyed by {@code seed}, the revision and the period.
   */
  static RequestModel create(long seed, ImageBehaviours images) {
    return new RequestModel(seed, images);
  }
}
