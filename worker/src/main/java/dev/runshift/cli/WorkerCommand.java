package dev.runshift.cli;

import dev.runshift.activities.google.GoogleClientsConfig;
import dev.runshift.config.RoutingConfig;
import dev.runshift.config.RoutingConfigs;
import dev.runshift.ports.KnownVisibility;
import dev.runshift.service.ServiceSettings;
import dev.runshift.worker.BuildTriggers;
import dev.runshift.worker.GoogleActivities;
import dev.runshift.worker.MetricsEndpoint;
import dev.runshift.worker.Role;
import dev.runshift.worker.RunshiftWorker;
import dev.runshift.worker.TemporalConnection;
import dev.runshift.worker.WorkerMetrics;
import io.temporal.worker.WorkerFactory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code runshift worker}: the production worker. Temporal comes from the standard environment
 * configuration; Google Cloud from Application Default Credentials, or the simulator when
 * RUNSHIFT_GOOGLE_ENDPOINT is set. Runs until SIGINT/SIGTERM, then stops polling and lets running
 * activities finish.
 */
@Command(name = "worker", description = "Run a Runshift worker (production).")
public final class WorkerCommand implements Callable<Integer> {
  @ParentCommand RunshiftCli root;
  @Spec CommandSpec spec;
  @Mixin TemporalOptions temporal;

  @Option(
      names = "--roles",
      paramLabel = "ROLES",
      defaultValue = "all",
      description = "Comma-separated: build, deploy, verify, workflows, or all (default: all).")
  String roles;

  @Option(
      names = "--subscription",
      paramLabel = "projects/P/subscriptions/S",
      description = "Start releases from Cloud Build notifications on this Pub/Sub subscription.")
  String subscription;

  @Option(names = "--config", paramLabel = "FILE", description = "Routing config (YAML/JSON): images -> services, policies.")
  Path config;

  @Option(names = "--metrics-port", paramLabel = "PORT", description = "Serve Prometheus metrics on http://0.0.0.0:PORT/metrics.")
  Integer metricsPort;

  @Option(
      names = "--search-attributes",
      description = "Start releases with Runshift's search attributes (RunshiftService, RunshiftImage, RunshiftPhase,"
          + " RunshiftCandidatePercent), which must be registered on the namespace first (see README)."
          + " Without it releases carry none.")
  boolean searchAttributes;

  @Option(
      names = "--google-endpoint",
      paramLabel = "HOST:PORT",
      description = "Reach every Google API at this plaintext endpoint (the simulator) instead of Google"
          + " (default: RUNSHIFT_GOOGLE_ENDPOINT).")
  String googleEndpoint;

  private final Deque<AutoCloseable> resources = new ArrayDeque<>();

  @Override
  public Integer call() throws InterruptedException {
    Set<Role> serving = parseRoles();
    RoutingConfig routing = config == null ? RoutingConfig.empty() : RoutingConfigs.load(config);
    if (subscription != null && !subscription.matches("projects/[^/]+/subscriptions/[^/]+")) {
      throw new CliException("--subscription must be projects/PROJECT/subscriptions/NAME, was '" + subscription + "'");
    }
    if (subscription != null && config == null) {
      throw new CliException("--subscription needs --config: the routes that map built images to services");
    }
    PrintWriter out = spec.commandLine().getOut();
    try {
      WorkerMetrics metrics = null;
      if (metricsPort != null) {
        metrics = new WorkerMetrics();
        resources.push(metrics);
        MetricsEndpoint endpoint = MetricsEndpoint.start(metricsPort, metrics);
        resources.push(endpoint);
        out.printf("metrics:  http://0.0.0.0:%d/metrics%n", endpoint.port());
      }
      TemporalConnection connection =
          TemporalConnection.connect(
              temporal.profile(root.env()), metrics == null ? null : metrics.temporalScope(), Duration.ofSeconds(10));
      resources.push(connection);
      out.printf("temporal: %s namespace %s%n", connection.address(), connection.namespace());

      String endpoint = googleEndpoint != null ? googleEndpoint : root.env().get(GoogleClientsConfig.ENDPOINT_ENV);
      GoogleActivities activities = GoogleActivities.create(GoogleClientsConfig.google().withEndpoint(endpoint));
      resources.push(activities);
      out.printf("google:   %s%n", activities.describe());

      WorkerFactory factory = RunshiftWorker.start(
          connection.client(), serving, activities, ServiceSettings.defaults(), new KnownVisibility(searchAttributes));
      resources.push(() -> {
        factory.shutdown();
        factory.awaitTermination(30, TimeUnit.SECONDS);
      });
      out.printf("roles:    %s%n", Role.describe(serving));
      if (subscription != null) {
        out.printf("trigger:  %s (%d route(s))%n", subscription, routing.routes().size());
        startTrigger(connection, routing, endpoint);
      }
      out.println("worker started; Ctrl-C to stop");
      out.flush();
    } catch (RuntimeException e) {
      closeAll();
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      closeAll();
      stopped.countDown();
    }, "runshift-shutdown"));
    stopped.await();
    return 0;
  }

  private void startTrigger(TemporalConnection connection, RoutingConfig routing, String endpoint) {
    try {
      resources.push(
          BuildTriggers.start(connection.client(), routing, subscription, endpoint, ServiceSettings.defaults()));
    } catch (IllegalStateException e) {
      throw new CliException("cannot pull " + subscription + ": " + UserErrors.oneLine(e.getMessage()), e);
    }
  }

  private Set<Role> parseRoles() {
    try {
      return Role.parse(roles);
    } catch (IllegalArgumentException e) {
      throw new CliException("--roles: " + e.getMessage());
    }
  }

  private synchronized void closeAll() {
    while (!resources.isEmpty()) {
      try {
        resources.pop().close();
      } catch (Exception e) {
        // Stopping anyway.
      }
    }
  }
}
