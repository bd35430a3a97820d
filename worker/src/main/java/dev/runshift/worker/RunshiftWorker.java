package dev.runshift.worker;

import dev.runshift.fleet.FleetWorkflowImpl;
import dev.runshift.activities.fleet.TemporalFleetSubmitter;
import dev.runshift.ports.KnownVisibility;
import dev.runshift.ports.Visibility;
import dev.runshift.release.ReleaseWorkflow;
import dev.runshift.release.ReleaseWorkflowImpl;
import dev.runshift.service.ServiceSettings;
import dev.runshift.service.ServiceWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers what each role serves on its task queue and starts polling: {@code workflows} runs the
 * service entities and releases; {@code build}, {@code deploy} and {@code verify} run the activities
 * of their ports; {@code notify} delivers release events to the configured sinks. Workers against
 * Temporal's test server run without sticky execution ({@link StickyExecution}), so stopping one never
 * strands a workflow it served.
 */
public final class RunshiftWorker {
  private static final Logger log = LoggerFactory.getLogger(RunshiftWorker.class);

  private RunshiftWorker() {}

  /** A started worker factory serving {@code roles}; shut it down to stop polling. */
  public static WorkerFactory start(WorkflowClient client, Set<Role> roles, GoogleActivities activities) {
    return start(client, roles, activities, ServiceSettings.defaults());
  }

  /**
   * As {@link #start(WorkflowClient, Set, GoogleActivities)}; service entities a fleet starts get
   * {@code entitySettings}.
   */
  public static WorkerFactory start(
      WorkflowClient client, Set<Role> roles, GoogleActivities activities, ServiceSettings entitySettings) {
    return start(client, roles, activities, entitySettings, new KnownVisibility(false));
  }

  /**
   * As {@link #start(WorkflowClient, Set, GoogleActivities, ServiceSettings)}; service entities ask
   * {@code visibility} whether to start releases with search attributes.
   */
  public static WorkerFactory start(
      WorkflowClient client, Set<Role> roles, GoogleActivities activities, ServiceSettings entitySettings,
      Visibility visibility) {
    return start(client, roles, activities, entitySettings, visibility, Notifications.none());
  }

  /**
   * As {@link #start(WorkflowClient, Set, GoogleActivities, ServiceSettings, Visibility)}; releases send
   * their events when {@code notifications} says so, and the {@code notify} role delivers them to its sinks.
   */
  public static WorkerFactory start(
      WorkflowClient client, Set<Role> roles, GoogleActivities activities, ServiceSettings entitySettings,
      Visibility visibility, Notifications notifications) {
    WorkerFactory factory = WorkerFactory.newInstance(client);
    StickyExecution sticky = StickyExecution.forServer(client.getWorkflowServiceStubs());
    for (Role role : roles) {
      Worker worker = factory.newWorker(role.taskQueue(), sticky.workerOptions());
      switch (role) {
        case WORKFLOWS -> {
          worker.registerWorkflowImplementationTypes(ServiceWorkflowImpl.class, FleetWorkflowImpl.class);
          boolean sendEvents = notifications.sendEvents();
          worker.registerWorkflowImplementationFactory(ReleaseWorkflow.class, () -> new ReleaseWorkflowImpl(sendEvents));
          worker.registerActivitiesImplementations(new TemporalFleetSubmitter(client, entitySettings), visibility);
        }
        case BUILD -> worker.registerActivitiesImplementations(activities.build());
        case DEPLOY -> worker.registerActivitiesImplementations(activities.cloudRun(), activities.imageRegistry());
        case VERIFY -> worker.registerActivitiesImplementations(activities.metrics(), activities.smoke());
        case NOTIFY -> worker.registerActivitiesImplementations(notifications.notifier());
      }
    }
    factory.start();
    log.info("serving {} ({}{})", Role.describe(roles), activities.describe(),
        sticky == StickyExecution.OFF ? "; no sticky execution: Temporal's test server" : "");
    return factory;
  }
}
