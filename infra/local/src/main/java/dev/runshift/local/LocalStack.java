package dev.runshift.local;

import dev.runshift.activities.google.GoogleClientsConfig;
import dev.runshift.activities.notify.EventSinks;
import dev.runshift.config.ImageRoute;
import dev.runshift.config.RoutingConfig;
import dev.runshift.config.ServiceTarget;
import dev.runshift.ports.ServiceRef;
import dev.runshift.ports.KnownVisibility;
import dev.runshift.service.ServiceSettings;
import dev.runshift.simulator.cloudbuild.CloudBuildSim;
import dev.runshift.worker.BuildTriggers;
import dev.runshift.simulator.Simulator;
import dev.runshift.simulator.control.ControlServer;
import dev.runshift.simulator.core.SimClock;
import dev.runshift.worker.GoogleActivities;
import dev.runshift.worker.Role;
import dev.runshift.worker.Notifications;
import dev.runshift.worker.RunshiftWorker;
import dev.runshift.worker.SearchAttributeRegistration;
import dev.runshift.worker.TemporalConnection;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowClient;
import io.temporal.envconfig.ClientConfigProfile;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything Runshift needs, in this process, on the wall clock: Temporal's test server (real time, no
 * time skipping, in memory: every release is gone when the stack closes) on a port of 127.0.0.1 only, or
 * an external Temporal server, with Runshift's search attributes registered, the Google Cloud simulator
 * with its control API, and a worker
 * serving every role against the simulator through the real Google clients. Nothing here is a test
 * double of Runshift's own interfaces: the release runs exactly the production code path.
 */
public final class LocalStack implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalStack.class);
  public static final String NAMESPACE = "default";
  /** The Google Cloud project everything local lives in. */
  public static final String PROJECT = "runshift-local";
  public static final String REGION = "us-central1";
  /** The demo's service and the repository its images are built into. */
  public static final ServiceRef DEMO_SERVICE = new ServiceRef(PROJECT, REGION, "hello");
  public static final String DEMO_REPOSITORY = "us-docker.pkg.dev/" + PROJECT + "/apps/hello";
  /** Where Cloud Build announces builds, and the trigger's subscription to it. */
  public static final String DEMO_TOPIC = CloudBuildSim.notificationTopic(PROJECT);
  public static final String DEMO_SUBSCRIPTION = "projects/" + PROJECT + "/subscriptions/runshift-builds";

  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private final LocalSettings settings;
  private String temporalAddress;
  private boolean external;
  private Simulator simulator;
  private ControlServer control;
  private TemporalConnection connection;

  private final RoutingConfig routing;

  private LocalStack(LocalSettings settings, RoutingConfig routing) {
    this.settings = settings;
    this.routing = routing;
  }

  /** Starts the whole stack with the demo's routes. */
  public static LocalStack start(LocalSettings settings, LocalPorts ports) {
    return start(settings, ports, demoRoutes(settings));
  }

  /**
   * Starts the whole stack; builds are released according to {@code routing}. On any failure what was
   * started is stopped again.
   */
  public static LocalStack start(LocalSettings settings, LocalPorts ports, RoutingConfig routing) {
    return start(settings, ports, routing, null);
  }

  /**
   * As {@link #start(LocalSettings, LocalPorts, RoutingConfig)}, on the Temporal server at {@code
   * externalTemporal} ({@code HOST:PORT}, namespace {@link #NAMESPACE}, for example {@code temporal server
   * start-dev} with its Web UI) instead of an embedded test server; null: embedded.
   */
  public static LocalStack start(
      LocalSettings settings, LocalPorts ports, RoutingConfig routing, String externalTemporal) {
    LocalStack stack = new LocalStack(settings, routing);
    try {
      stack.startAll(ports, externalTemporal);
      return stack;
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
  }

  private void startAll(LocalPorts ports, String externalTemporal) {
    if (externalTemporal == null) {
      startTestServer(ports.temporal());
    } else {
      temporalAddress = externalTemporal;
      external = true;
    }

    simulator = Simulator.start(settings.simulator().withPort(ports.simulator()), SimClock.system());
    resources.push(simulator);
    control = ControlServer.start(simulator, ports.control());
    resources.push(control);

    ClientConfigProfile profile =
        ClientConfigProfile.newBuilder().setAddress(temporalAddress).setNamespace(NAMESPACE).build();
    connection = TemporalConnection.connect(profile, null, Duration.ofSeconds(10));
    resources.push(connection);
    // Registered here, so releases are findable by service, image and phase in the UI; a server that
    // refuses (an external one without admin rights) only means releases start without them.
    boolean searchAttributes;
    try {
      SearchAttributeRegistration.register(connection.stubs(), NAMESPACE);
      searchAttributes = true;
    } catch (StatusRuntimeException e) {
      log.warn("could not register Runshift's search attributes on {}, releases will carry none: {}",
          temporalAddress, e.getStatus());
      searchAttributes = false;
    }

    GoogleActivities activities =
        GoogleActivities.create(
            GoogleClientsConfig.google()
                .withEndpoint(simulator.endpoint())
                .withPolling(settings.deployPolling(), settings.buildPolling())
                .withHeartbeatEvery(Duration.ofSeconds(1)),
            settings.simulator().samplePeriod());
    resources.push(activities);
    // Release events go to the notifiers the routing config names (none for the demo's routes).
    Notifications notifications =
        Notifications.create(routing, List.of(), false, new EventSinks(simulator.endpoint()));
    resources.push(notifications);
    WorkerFactory workers = RunshiftWorker.start(connection.client(), Role.all(), activities, serviceSettings(),
        new KnownVisibility(searchAttributes), notifications);
    resources.push(
        () -> {
          workers.shutdown();
          workers.awaitTermination(5, TimeUnit.SECONDS);
        });

    simulator.pubSub().ensureTopic(DEMO_TOPIC);
    simulator.pubSub().createSubscription(DEMO_SUBSCRIPTION, DEMO_TOPIC);
    resources.push(
        BuildTriggers.start(
            connection.client(), routing, DEMO_SUBSCRIPTION, simulator.endpoint(), serviceSettings(),
            activities.buildRecords()));
  }

  private void startTestServer(int port) {
    int temporalPort = port == 0 ? LocalPorts.freePort() : port;
    LocalTemporalServer temporalServer;
    try {
      temporalServer = LocalTemporalServer.start(temporalPort);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "Temporal's test server could not listen on port " + temporalPort + " (is another `runshift dev` or"
              + " Temporal server running?)",
          e);
    }
    resources.push(temporalServer);
    temporalAddress = "localhost:" + temporalPort;
  }

  /** What a service entity started here begins with: the local policy as its default. */
  public ServiceSettings serviceSettings() {
    return ServiceSettings.defaults().withDefaultPolicy(settings.policy());
  }

  /** Built images of {@link #DEMO_REPOSITORY} are released to {@link #DEMO_SERVICE} with the local policy. */
  public static RoutingConfig demoRoutes(LocalSettings settings) {
    ServiceTarget hello = new ServiceTarget(DEMO_SERVICE, settings.policy(), "local", null);
    return new RoutingConfig(Map.of(), List.of(new ImageRoute(DEMO_REPOSITORY, null, List.of(hello))), List.of());
  }

  public String temporalAddress() {
    return temporalAddress;
  }

  /** True when Temporal is an external server rather than the embedded test server. */
  public boolean externalTemporal() {
    return external;
  }

  public String namespace() {
    return NAMESPACE;
  }

  public WorkflowClient client() {
    return connection.client();
  }

  public Simulator simulator() {
    return simulator;
  }

  public String simulatorEndpoint() {
    return simulator.endpoint();
  }

  public String controlUrl() {
    return control.url();
  }

  public LocalSettings settings() {
    return settings;
  }

  /** Stops everything in the reverse order it started; failures to stop are ignored. */
  @Override
  public void close() {
    while (!resources.isEmpty()) {
      try {
        resources.pop().close();
      } catch (Exception e) {
        // Shutting down anyway.
      }
    }
  }
}
