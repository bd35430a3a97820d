package dev.runshift.simulator.run;

import com.google.cloud.run.v2.Container;
import com.google.cloud.run.v2.Revision;
import com.google.cloud.run.v2.RevisionTemplate;
import com.google.cloud.run.v2.Service;
import com.google.longrunning.Operation;
import dev.runshift.simulator.core.ApiErrors;
import dev.runshift.simulator.core.Faults;
import dev.runshift.simulator.core.RequestRate;
import dev.runshift.simulator.core.SimContext;
import dev.runshift.simulator.core.SimulatedApi;
import dev.runshift.simulator.run.ResourceNames.LocationName;
import dev.runshift.simulator.run.ResourceNames.ServiceName;
import io.grpc.BindableService;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Cloud Run Admin v2: the Services and Revisions gRPC APIs, and a Java control API for tests, the demo
 * and the simulator's control endpoint (create a serving service, change its request rate or its traffic
 * out of band, read services, revisions and the traffic history, set the write quota).
 *
 * <p>Services are named by their full resource name {@code projects/P/locations/R/services/S}
 * ({@link #serviceName}).
 */
public final class CloudRunSim implements SimulatedApi {
  private final SimContext context;
  private final ConcurrentMap<String, ServiceState> live = new ConcurrentHashMap<>();
  private final List<ServiceState> deleted = new CopyOnWriteArrayList<>();

  public CloudRunSim(SimContext context) {
    this.context = context;
  }

  @Override
  public List<BindableService> services() {
    return List.of(new ServicesService(this), new RevisionsService(this));
  }

  /** {@code projects/PROJECT/locations/REGION/services/SERVICE}. */
  public static String serviceName(String project, String region, String service) {
    return new ServiceName(project, region, service).toString();
  }

  // ---- control API -------------------------------------------------------------------------------

  /**
   * Creates {@code name} running {@code image} with one revision, ready at once and serving 100%
   * through a LATEST target (as {@code gcloud run deploy} leaves a new service). Returns the service.
   */
  public Service createService(String project, String region, String name, String image) {
    ServiceName sn = new ServiceName(project, region, name);
    ResourceNames.checkServiceId("service", name);
    Service spec = Service.newBuilder()
        .setTemplate(RevisionTemplate.newBuilder().addContainers(Container.newBuilder().setImage(image)))
        .build();
    create(sn, spec, Duration.ZERO, false);
    return live.get(sn.toString()).toProto(now());
  }

  /** From now on {@code service} receives {@code rps} requests per second, split by its traffic. */
  public void setRequestRate(String service, double rps) {
    setRequestRate(service, RequestRate.constant(rps));
  }

  /** From now on {@code service} receives {@code rate} (constant or a daily curve), split by its traffic. */
  public void setRequestRate(String service, RequestRate rate) {
    Objects.requireNonNull(rate, "rate");
    Instant now = now();
    existing(service).setRequestRate(rate, now, now);
  }

  /**
   * A step change: from {@code from} (now or later; the past is not rewritten) {@code service} receives
   * {@code rate}. Changes are kept in time order and each lasts until the next one starts, so a change
   * scheduled for later still applies when the rate is set again before it.
   *
   * @throws IllegalArgumentException if {@code from} is before now or the service does not exist
   */
  public void setRequestRate(String service, Instant from, RequestRate rate) {
    Objects.requireNonNull(rate, "rate");
    Instant now = now();
    if (from.isBefore(now)) {
      throw new IllegalArgumentException("a rate change cannot start in the past: from " + from
          + " is before the simulator's now " + now);
    }
    existing(service).setRequestRate(rate, from, now);
  }

  /**
   * Sets {@code service}'s traffic to {@code percents} (revision short name to percent, summing to
   * 100, every revision ready) as someone running {@code gcloud run services update-traffic} would:
   * a new generation and etag; existing tags are kept at 0%. Returns the service.
   */
  public Service updateTrafficOutOfBand(String service, Map<String, Integer> percents) {
    ServiceState state = existing(service);
    state.updateTraffic(percents, now());
    return state.toProto(now());
  }

  /** At most {@code perMinute} Cloud Run writes per minute in {@code region} ({@link Faults#ALL_REGIONS}). */
  public void setWriteQuota(String region, int perMinute) {
    context.faults().setWriteQuota(region, perMinute);
  }

  public Optional<Service> service(String service) {
    ServiceState s = live.get(service);
    return s == null ? Optional.empty() : Optional.of(s.toProto(now()));
  }

  /** Every live service, by name. */
  public List<Service> listServices() {
    Instant now = now();
    return live.values().stream()
        .sorted(Comparator.comparing(s -> s.name().toString()))
        .map(s -> s.toProto(now))
        .toList();
  }

  /** {@code service}'s revisions, newest first. */
  public List<Revision> revisions(String service) {
    Instant now = now();
    return existing(service).revisionsNewestFirst().stream().map(r -> r.toProto(now)).toList();
  }

  /** What {@code service} served and when, oldest first. */
  public List<TrafficChange> trafficHistory(String service) {
    return existing(service).trafficHistory(now());
  }

  /** {@code service}'s request rates and when each starts, in time order (scheduled ones included). */
  public List<RateChange> rateHistory(String service) {
    return existing(service).rateHistory();
  }

  /** The serving history of every service of {@code project} (all projects when null), deleted ones too. */
  public List<ServiceHistory> histories(String project) {
    Instant now = now();
    List<ServiceHistory> out = new ArrayList<>();
    for (ServiceState s : deleted) {
      if (project == null || project.equals(s.name().project())) {
        out.add(s.history(now));
      }
    }
    for (ServiceState s : live.values()) {
      if (project == null || project.equals(s.name().project())) {
        out.add(s.history(now));
      }
    }
    return out;
  }

  public int serviceCount() {
    return live.size();
  }

  // ---- used by the gRPC services ---------------------------------------------------------------

  Instant now() {
    return context.clock().now();
  }

  Duration revisionReadyDelay() {
    return context.config().revisionReadyDelay();
  }

  private ServiceState existing(String service) {
    ServiceState s = live.get(service);
    if (s == null) {
      throw new IllegalArgumentException("no such Cloud Run service: " + service);
    }
    return s;
  }

  ServiceState find(ServiceName name) {
    ServiceState s = live.get(name.toString());
    if (s == null) {
      throw notFound(name);
    }
    return s;
  }

  Optional<ServiceState> lookup(ServiceName name) {
    return Optional.ofNullable(live.get(name.toString()));
  }

  static StatusRuntimeException notFound(ServiceName name) {
    return ApiErrors.notFound("Resource '" + name.service() + "' of kind 'SERVICE' in region '"
        + name.location() + "' in project '" + name.project() + "' does not exist.");
  }

  /** Services of a location ({@code -}: every location) of a project, by name. */
  List<ServiceState> list(LocationName parent) {
    return live.values().stream()
        .filter(s -> s.name().project().equals(parent.project()))
        .filter(s -> parent.location().equals("-") || s.name().location().equals(parent.location()))
        .sorted(Comparator.comparing(s -> s.name().toString()))
        .toList();
  }

  /**
   * Creates service {@code name} from {@code spec}; returns its state and first generation. A
   * validate-only create builds the state without registering it.
   */
  ServiceState create(ServiceName name, Service spec, Duration readyDelay, boolean validateOnly) {
    if (live.containsKey(name.toString())) {
      throw alreadyExists(name);
    }
    ServiceState state =
        new ServiceState(name, now(), context.config().seed(), context.images(), context.config().defaultRequestRate());
    state.change(spec, now(), readyDelay, false);
    if (!validateOnly && live.putIfAbsent(name.toString(), state) != null) {
      throw alreadyExists(name);
    }
    return state;
  }

  private static StatusRuntimeException alreadyExists(ServiceName name) {
    return ApiErrors.alreadyExists("Resource '" + name.service() + "' already exists.");
  }

  ServiceState remove(ServiceName name) {
    ServiceState s = live.remove(name.toString());
    if (s == null) {
      throw notFound(name);
    }
    deleted.add(s);
    return s;
  }

  /** Registers a long-running operation under {@code location}; {@code current} computes its state. */
  Operation operation(LocationName location, Function<String, Operation> current) {
    String name = location + "/operations/" + UUID.randomUUID();
    Supplier<Operation> supplier = () -> current.apply(name);
    context.operations().register(name, supplier);
    return supplier.get();
  }
}
