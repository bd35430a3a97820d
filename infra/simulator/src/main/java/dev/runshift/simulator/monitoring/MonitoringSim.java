package dev.runshift.simulator.monitoring;

import dev.runshift.simulator.core.SimContext;
import dev.runshift.simulator.core.SimulatedApi;
import io.grpc.BindableService;
import java.util.List;

/** Cloud Monitoring v3 (MetricService) and its control operations. TODO(simulator issue): implement. */
public final class MonitoringSim implements SimulatedApi {
  private final SimContext context;

  public MonitoringSim(SimContext context) {
    this.context = context;
  }

  @Override
  public List<BindableService> services() {
    return List.of();
  }
}
