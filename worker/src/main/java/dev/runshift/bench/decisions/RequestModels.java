package dev.runshift.bench.decisions;

import dev.runshift.simulator.core.ImageBehaviours;
import dev.runshift.simulator.core.SimConfig;
import dev.runshift.simulator.monitoring.RequestModel;

/** The one place that constructs the simulator's {@link RequestModel} for the decision benchmark. */
final class RequestModels {
  private RequestModels() {}

  static RequestModel create(long seed, ImageBehaviours images) {
    // Until the simulator's statistical sampler lands: its bounded-noise model at the default noise.
    return new RequestModel(seed, SimConfig.defaults().metricsNoise(), images);
  }
}
