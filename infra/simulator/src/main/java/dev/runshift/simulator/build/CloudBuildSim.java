package dev.runshift.simulator.build;

import dev.runshift.simulator.core.SimContext;
import dev.runshift.simulator.core.SimulatedApi;
import io.grpc.BindableService;
import java.util.List;

/** Cloud Build v1 (CloudBuild) and its control operations. TODO(simulator issue): implement. */
public final class CloudBuildSim implements SimulatedApi {
  private final SimContext context;

  public CloudBuildSim(SimContext context) {
    this.context = context;
  }

  @Override
  public List<BindableService> services() {
    return List.of();
  }
}
