package dev.runshift.trigger;

import dev.runshift.ports.ServiceRef;
import dev.runshift.service.ServiceReleases;
import dev.runshift.service.ServiceSettings;
import io.temporal.client.WorkflowClient;
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

  @Override
  public void start(RoutedRelease release) {
    ServiceRef service = release.target().service();
    ServiceReleases.submit(client, service, settings.apply(service), release.submission());
  }
}
