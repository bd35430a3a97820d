package dev.runshift.service;

import dev.runshift.ports.ServiceRef;
import java.util.Objects;

/** The entity's workflow argument: which service, how it behaves, and what earlier runs left it. */
public record ServiceInput(ServiceRef service, ServiceSettings settings, ServiceMemory memory) {

  public ServiceInput {
    Objects.requireNonNull(service, "service");
    settings = settings == null ? ServiceSettings.defaults() : settings;
    memory = memory == null ? ServiceMemory.empty() : memory;
  }

  /** A service's first run. */
  public static ServiceInput fresh(ServiceRef service, ServiceSettings settings) {
    return new ServiceInput(service, settings, ServiceMemory.empty());
  }
}
