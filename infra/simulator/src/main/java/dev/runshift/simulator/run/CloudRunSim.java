package dev.runshift.simulator.run;

import dev.runshift.simulator.core.SimContext;
import dev.runshift.simulator.core.SimulatedApi;
import io.grpc.BindableService;
import java.util.List;

/** Cloud Run Admin v2 (Services, Revisions) and its control operations. TODO(simulator issue): implement. */
public final class CloudRunSim implements SimulatedApi {
  private final SimContext context;

  public CloudRunSim(SimContext context) {
    this.context = context;
  }

  @Override
  public List<BindableService> services() {
    return List.of();
  }
}
