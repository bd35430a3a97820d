package dev.runshift.fleet;

import dev.runshift.ports.ServiceRef;
import dev.runshift.service.ReleaseSubmission;
import dev.runshift.service.ServiceReleases;
import dev.runshift.service.ServiceSettings;
import io.temporal.client.WorkflowClient;

/**
 * {@link FleetSubmitter} through {@link ServiceReleases#submit}, with the client injected (an activity
 * has no client of its own). Entities it starts get {@code settings}.
 */
public final class TemporalFleetSubmitter implements FleetSubmitter {
  private final WorkflowClient client;
  private final ServiceSettings settings;

  public TemporalFleetSubmitter(WorkflowClient client, ServiceSettings settings) {
    this.client = client;
    this.settings = settings;
  }

  public TemporalFleetSubmitter(WorkflowClient client) {
    this(client, ServiceSettings.defaults());
  }

  @Override
  public void submit(ServiceRef service, ReleaseSubmission request) {
    ServiceReleases.submit(client, service, settings, request);
  }
}
