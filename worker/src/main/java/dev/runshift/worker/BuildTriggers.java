package dev.runshift.worker;

import dev.runshift.config.RoutingConfig;
import dev.runshift.service.ServiceSettings;
import dev.runshift.ports.BuildRecords;
import dev.runshift.trigger.BuildMessageReceiver;
import dev.runshift.trigger.CloudBuildConfirmation;
import dev.runshift.trigger.BuildNotificationParser;
import dev.runshift.trigger.BuildNotificationTrigger;
import dev.runshift.trigger.Router;
import dev.runshift.trigger.TemporalReleaseStarter;
import io.temporal.client.WorkflowClient;

/** Assembles the Pub/Sub trigger: Cloud Build notifications, routed by config, to service entities. */
public final class BuildTriggers {
  private BuildTriggers() {}

  /**
   * Starts pulling {@code subscription}; each successful build whose image a route matches becomes a
   * release request to that service's entity, acked once Temporal accepted it.
   *
   * @param endpoint a plaintext Pub/Sub endpoint (the simulator), or null for Google Cloud with ADC
   * @param settings what an entity this trigger starts begins with
   * @param builds Cloud Build's records, which every notification is confirmed with before a release
   */
  public static BuildNotificationTrigger start(
      WorkflowClient client, RoutingConfig routing, String subscription, String endpoint, ServiceSettings settings,
      BuildRecords builds) {
    BuildMessageReceiver receiver =
        new BuildMessageReceiver(
            new BuildNotificationParser(new Router(routing)), new CloudBuildConfirmation(builds),
            new TemporalReleaseStarter(client, service -> settings));
    return BuildNotificationTrigger.start(BuildNotificationTrigger.Options.of(subscription, endpoint), receiver);
  }
}
