package dev.runshift.trigger;

import dev.runshift.fleet.FleetWorkflows;
import dev.runshift.ports.ServiceRef;
import dev.runshift.service.ServiceReleases;
import dev.runshift.service.ServiceSettings;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import java.util.function.Function;

/** Signal-with-start of the service's entity: the one real {@link ReleaseStarter}. */
public final class TemporalReleaseStarter implements ReleaseStarter {
  private final WorkflowClient client;
  private final Function<ServiceRef, ServiceSettings> settings;

  /** @param settings the settings an entity starts with if this call starts it */
  public TemporalReleaseStarter(WorkflowClient client, Function<ServiceRef, ServiceSettings> settings) {
    this.client = client;
    this.settings = settings;
  }

  public TemporalReleaseStarter(WorkflowClient client) {
    this(client, service -> ServiceSettings.defaults());
  }

  /**
   * Starts the fleet workflow {@code fleet-<name>-<digest>}; if that id was already used (a redelivered
   * notification, a rebuild of the same digest), it counts as accepted and nothing new starts.
   */
  @Override
  public void startFleet(RoutedFleet fleet) {
    WorkflowOptions options = WorkflowOptions.newBuilder(FleetWorkflows.options(fleet.fleetId()))
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
        .build();
    try {
      FleetWorkflows.start(client, options, fleet.request());
    } catch (WorkflowExecutionAlreadyStarted e) {
      // Already accepted once: this digest's fleet redeploy exists.
    }
  }

  /**
   * Signal-with-start of the entity. Two notifications arriving at the same moment can race to start the
   * entity, and the loser is told WorkflowExecutionAlreadyStarted although its signal was not delivered:
   * the entity now exists, so it is delivered once more (a signal to the running entity), and only a
   * failure of that counts.
   */
  @Override
  public void start(RoutedRelease release) {
    ServiceRef service = release.target().service();
    try {
      ServiceReleases.submit(client, service, settings.apply(service), release.submission());
    } catch (WorkflowExecutionAlreadyStarted lostTheRace) {
      ServiceReleases.submit(client, service, settings.apply(service), release.submission());
    }
  }
}
