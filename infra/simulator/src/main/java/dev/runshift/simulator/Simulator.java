package dev.runshift.simulator;

import dev.runshift.simulator.cloudbuild.CloudBuildSim;
import dev.runshift.simulator.core.CallInterceptor;
import dev.runshift.simulator.core.CallLog;
import dev.runshift.simulator.core.Faults;
import dev.runshift.simulator.core.ImageBehaviours;
import dev.runshift.simulator.core.OperationStore;
import dev.runshift.simulator.core.OperationsService;
import dev.runshift.simulator.core.SimClock;
import dev.runshift.simulator.core.SimConfig;
import dev.runshift.simulator.core.SimContext;
import dev.runshift.simulator.core.SimulatedApi;
import dev.runshift.simulator.monitoring.MonitoringSim;
import dev.runshift.simulator.pubsub.PubSubSim;
import dev.runshift.simulator.registry.RegistrySim;
import dev.runshift.simulator.run.CloudRunSim;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A local Google Cloud: Cloud Run Admin v2, Cloud Build v1, Cloud Monitoring v3, Pub/Sub v1 and Artifact
 * Registry v1 (tags; fed by the images successful builds push) served over their real gRPC APIs, plaintext, on one localhost port. Point the official clients at
 * {@link #endpoint()} with a plaintext channel and no credentials.
 */
public final class Simulator implements AutoCloseable {
  private final SimContext context;
  private final CloudRunSim cloudRun;
  private final CloudBuildSim cloudBuild;
  private final PubSubSim pubSub;
  private final MonitoringSim monitoring;
  private final RegistrySim registry;
  private final Server server;

  private Simulator(SimConfig config, SimClock clock) {
    this.context =
        new SimContext(config, clock, new CallLog(), new ImageBehaviours(), new OperationStore(),
            new Faults(config.seed()));
    this.cloudRun = new CloudRunSim(context);
    this.pubSub = new PubSubSim(context);
    this.registry = new RegistrySim();
    this.cloudBuild = new CloudBuildSim(context, pubSub, registry::recordPush);
    this.monitoring = new MonitoringSim(context, new CloudRunServingHistory(cloudRun));
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", config.port()));
    builder.addService(new OperationsService(context.operations()));
    for (SimulatedApi api : List.of(cloudRun, cloudBuild, pubSub, monitoring, registry)) {
      api.services().forEach(builder::addService);
    }
    // every call, on every service: faults first, then the handler; recorded in the call log
    builder.intercept(new CallInterceptor(context.calls(), context.faults(), clock));
    this.server = builder.build();
  }

  /** Starts a simulator with {@code config}, reading time from {@code clock}. */
  public static Simulator start(SimConfig config, SimClock clock) {
    Simulator sim = new Simulator(config, clock);
    try {
      sim.server.start();
    } catch (IOException e) {
      throw new UncheckedIOException("simulator could not listen on port " + config.port(), e);
    }
    return sim;
  }

  /** Starts a simulator with default settings on a free port, on the wall clock. */
  public static Simulator start() {
    return start(SimConfig.defaults(), SimClock.system());
  }

  public int port() {
    return server.getPort();
  }

  /** {@code localhost:PORT}, the value for {@code RUNSHIFT_GOOGLE_ENDPOINT}. */
  public String endpoint() {
    return "localhost:" + port();
  }

  public SimContext context() {
    return context;
  }

  public CloudRunSim cloudRun() {
    return cloudRun;
  }

  public CloudBuildSim cloudBuild() {
    return cloudBuild;
  }

  public PubSubSim pubSub() {
    return pubSub;
  }

  public MonitoringSim monitoring() {
    return monitoring;
  }

  public RegistrySim registry() {
    return registry;
  }

  public CallLog calls() {
    return context.calls();
  }

  public ImageBehaviours images() {
    return context.images();
  }

  public Faults faults() {
    return context.faults();
  }

  /** Blocks until the server has shut down (standalone use). */
  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  /** Stops serving and stops every API's background work (build notifications, lease expiry). */
  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (SimulatedApi api : List.of(cloudBuild, pubSub, cloudRun, monitoring, registry)) {
      api.close();
    }
  }
}
