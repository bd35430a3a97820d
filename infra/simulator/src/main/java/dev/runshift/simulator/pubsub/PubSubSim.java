package dev.runshift.simulator.pubsub;

import dev.runshift.simulator.core.SimContext;
import dev.runshift.simulator.core.SimulatedApi;
import io.grpc.BindableService;
import java.util.List;

/** Pub/Sub v1 (Publisher, Subscriber) and its control operations. TODO(simulator issue): implement. */
public final class PubSubSim implements SimulatedApi {
  private final SimContext context;

  public PubSubSim(SimContext context) {
    this.context = context;
  }

  @Override
  public List<BindableService> services() {
    return List.of();
  }
}
