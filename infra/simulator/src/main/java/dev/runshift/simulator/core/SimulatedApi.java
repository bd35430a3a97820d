package dev.runshift.simulator.core;

import io.grpc.BindableService;
import java.util.List;

/** One Google API the simulator serves, with the gRPC services that make it up. */
public interface SimulatedApi extends AutoCloseable {
  List<BindableService> services();

  /** Stops any background work of this API (e.g. notification threads); idempotent. */
  @Override
  default void close() {}
}
