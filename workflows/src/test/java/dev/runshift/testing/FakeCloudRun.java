package dev.runshift.testing;

import dev.runshift.ports.CloudRun;
import dev.runshift.ports.DeployRequest;
import dev.runshift.ports.Deployment;
import dev.runshift.ports.FailureTypes;
import dev.runshift.ports.PromoteRequest;
import dev.runshift.ports.RollbackRequest;
import dev.runshift.ports.ServiceRef;
import dev.runshift.ports.ServiceSnapshot;
import dev.runshift.ports.ShiftRequest;
import dev.runshift.traffic.TrafficMap;
import dev.runshift.traffic.TrafficPlan;
import dev.runshift.traffic.TrafficTarget;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * An in-memory Cloud Run that keeps the {@link CloudRun} contract: per-service traffic maps and
 * revisions, idempotent deploys (a retried deploy reuses its revision and reports the same previous
 * traffic), compare-and-set traffic shifts that refuse out-of-band changes, exact rollbacks.
 *
 * <p>Test controls: {@link #denyDeploys()} makes every deploy fail with a non-retryable
 * {@link FailureTypes#PERMISSION_DENIED} until {@link #grant()}; {@link #changeTrafficOutOfBand} plays
 * someone else editing the service; counters and {@link #appliedMaps} record every call. Given a
 * {@link #clock}, it also remembers when each traffic map took effect ({@link #trafficAt}), so metrics can
 * follow the traffic that served at the time.
 */
public class FakeCloudRun implements CloudRun {

  private record Revision(String name, String image, TrafficMap previousTraffic) {}

  private final Map<ServiceRef, TrafficMap> traffic = new LinkedHashMap<>();
  private final Map<ServiceRef, Map<String, String>> labels = new HashMap<>();
  private final Map<ServiceRef, String> latestReady = new HashMap<>();
  private final Map<ServiceRef, Map<String, Revision>> revisions = new HashMap<>();
  private final Map<ServiceRef, List<TrafficMap>> applied = new HashMap<>();
  private final Map<String, Integer> calls = new HashMap<>();
  private boolean denyDeploys;
  private String failShiftsWith;
  private boolean failShiftsTransiently;
  private String failRollbacksWith;
  private LongSupplier clock;
  private final Map<ServiceRef, NavigableMap<Long, TrafficMap>> timeline = new HashMap<>();

  /** A service that exists with {@code traffic}; {@code latestReadyRevision} is what LATEST resolves to. */
  public synchronized FakeCloudRun givenService(ServiceRef service, TrafficMap traffic, String latestReadyRevision) {
    return givenService(service, traffic, latestReadyRevision, "stable-image", Map.of());
  }

  /**
   * A service that exists with {@code traffic}, every revision it names (and {@code latestReadyRevision})
   * running {@code image}, and {@code serviceLabels}.
   */
  public synchronized FakeCloudRun givenService(
      ServiceRef service, TrafficMap traffic, String latestReadyRevision, String image,
      Map<String, String> serviceLabels) {
    put(service, traffic);
    labels.put(service, Map.copyOf(serviceLabels));
    latestReady.put(service, latestReadyRevision);
    revisions.computeIfAbsent(service, s -> new LinkedHashMap<>());
    for (TrafficTarget target : traffic.targets()) {
      if (target.revision() != null) {
        revisions.get(service).putIfAbsent(
            target.revision(), new Revision(target.revision(), image, null));
      }
    }
    revisions.get(service).putIfAbsent(
        latestReadyRevision, new Revision(latestReadyRevision, image, null));
    return this;
  }

  /** Every deploy fails with a non-retryable PermissionDenied until {@link #grant()}. */
  public synchronized void denyDeploys() {
    denyDeploys = true;
  }

  public synchronized void grant() {
    denyDeploys = false;
  }

  /** Every shift fails with a non-retryable failure of {@code type} until {@code null} is passed. */
  public synchronized void failShiftsWith(String type) {
    failShiftsWith = type;
    failShiftsTransiently = false;
  }

  /** Every shift fails with a retryable failure of {@code type} (a transient Google error) until {@code null}. */
  public synchronized void failShiftsTransientlyWith(String type) {
    failShiftsWith = type;
    failShiftsTransiently = type != null;
  }

  /** Every rollback fails with a non-retryable failure of {@code type} until {@code null} is passed. */
  public synchronized void failRollbacksWith(String type) {
    failRollbacksWith = type;
  }

  /** Someone else edits the service's traffic. */
  public synchronized void changeTrafficOutOfBand(ServiceRef service, TrafficMap map) {
    put(service, map);
  }

  /**
   * Remembers from now on when each traffic map took effect, in {@code now}'s time (workflow time in a
   * test environment). A service given before has had its traffic since forever.
   */
  public synchronized FakeCloudRun clock(LongSupplier now) {
    clock = now;
    return this;
  }

  /**
   * The traffic that served {@code service} at {@code epochMillis}: the current traffic without a
   * {@link #clock}, or for a time before the service was given.
   */
  public synchronized TrafficMap trafficAt(ServiceRef service, long epochMillis) {
    NavigableMap<Long, TrafficMap> changes = timeline.get(service);
    Map.Entry<Long, TrafficMap> at = changes == null ? null : changes.floorEntry(epochMillis);
    return at == null ? traffic.get(service) : at.getValue();
  }

  private void put(ServiceRef service, TrafficMap map) {
    traffic.put(service, map);
    NavigableMap<Long, TrafficMap> changes = timeline.computeIfAbsent(service, s -> new TreeMap<>());
    if (changes.isEmpty()) {
      changes.put(Long.MIN_VALUE, map);
    } else if (clock != null) {
      changes.put(clock.getAsLong(), map);
    } else {
      changes.clear();
      changes.put(Long.MIN_VALUE, map);
    }
  }

  public synchronized TrafficMap traffic(ServiceRef service) {
    return traffic.get(service);
  }

  /** Every map this fake applied to {@code service} through shift, rollback or promote, in order. */
  public synchronized List<TrafficMap> appliedMaps(ServiceRef service) {
    return List.copyOf(applied.getOrDefault(service, List.of()));
  }

  /** Calls per method name: describe, deployNoTraffic, shiftTraffic, rollback, promote. */
  public synchronized int calls(String method) {
    return calls.getOrDefault(method, 0);
  }

  public synchronized List<String> revisions(ServiceRef service) {
    return List.copyOf(revisions.getOrDefault(service, Map.of()).keySet());
  }

  @Override
  public synchronized ServiceSnapshot describe(ServiceRef service) {
    count("describe");
    TrafficMap map = existing(service);
    return snapshot(service, map);
  }

  /** The services given in {@code project}/{@code region}, in the order they were given. */
  @Override
  public synchronized List<ServiceSnapshot> listServices(String project, String region) {
    count("listServices");
    List<ServiceSnapshot> out = new ArrayList<>();
    for (Map.Entry<ServiceRef, TrafficMap> e : traffic.entrySet()) {
      if (e.getKey().project().equals(project) && e.getKey().region().equals(region)) {
        out.add(snapshot(e.getKey(), e.getValue()));
      }
    }
    return out;
  }

  /** The image of the revision serving the most traffic, as Cloud Run would report it. */
  public synchronized String servingImage(ServiceRef service) {
    return snapshot(service, existing(service)).servingImage();
  }

  private ServiceSnapshot snapshot(ServiceRef service, TrafficMap map) {
    String top = map.targets().stream()
        .filter(t -> t.percent() > 0)
        .max(java.util.Comparator.comparingInt(TrafficTarget::percent))
        .map(t -> t.latest() ? latestReady.get(service) : t.revision())
        .orElse(null);
    Revision revision = top == null ? null : revisions.get(service).get(top);
    return new ServiceSnapshot(service, "etag-" + map.hashCode(), map, latestReady.get(service),
        revision == null ? null : revision.image(), labels.getOrDefault(service, Map.of()));
  }

  @Override
  public synchronized Deployment deployNoTraffic(DeployRequest request) {
    count("deployNoTraffic");
    if (denyDeploys) {
      throw ApplicationFailure.newNonRetryableFailure(
          "caller lacks run.services.update on " + request.service().resourceName(),
          FailureTypes.PERMISSION_DENIED);
    }
    ServiceRef service = request.service();
    TrafficMap current = existing(service);
    Revision revision = revisions.get(service).get(request.revisionName());
    if (revision == null) {
      TrafficMap previous = TrafficPlan.resolveLatest(current, latestReady.get(service));
      revision = new Revision(request.revisionName(), request.image(), previous);
      revisions.get(service).put(revision.name(), revision);
      put(service, TrafficPlan.withCandidate(previous, revision.name(), request.candidateTag()));
      latestReady.put(service, revision.name());
    }
    TrafficMap previous = revision.previousTraffic();
    return new Deployment(revision.name(), previous, TrafficPlan.servingRevisions(previous),
        "https://" + request.candidateTag() + "---" + service.service() + "-fake.a.run.app");
  }

  @Override
  public synchronized TrafficMap shiftTraffic(ShiftRequest request) {
    count("shiftTraffic");
    if (failShiftsWith != null) {
      throw failShiftsTransiently
          ? ApplicationFailure.newFailure("shift refused by the fake (transient)", failShiftsWith)
          : ApplicationFailure.newNonRetryableFailure("shift refused by the fake", failShiftsWith);
    }
    TrafficMap current = existing(request.service());
    if (current.equals(request.next())) {
      return current;
    }
    if (!current.equals(request.expected())) {
      throw ApplicationFailure.newNonRetryableFailure(
          "traffic of " + request.service() + " is " + current + ", expected " + request.expected(),
          FailureTypes.OUT_OF_BAND_TRAFFIC_CHANGE);
    }
    return apply(request.service(), request.next());
  }

  @Override
  public synchronized TrafficMap rollback(RollbackRequest request) {
    count("rollback");
    if (failRollbacksWith != null) {
      throw ApplicationFailure.newNonRetryableFailure("rollback refused by the fake", failRollbacksWith);
    }
    existing(request.service());
    return apply(request.service(), request.target());
  }

  @Override
  public synchronized TrafficMap promote(PromoteRequest request) {
    count("promote");
    TrafficMap current = existing(request.service());
    TrafficMap next = request.planned();
    if (current.equals(next)) {
      return current;
    }
    if (!current.equals(request.expected())) {
      throw ApplicationFailure.newNonRetryableFailure(
          "traffic of " + request.service() + " is " + current + ", expected " + request.expected(),
          FailureTypes.OUT_OF_BAND_TRAFFIC_CHANGE);
    }
    return apply(request.service(), next);
  }

  private TrafficMap apply(ServiceRef service, TrafficMap next) {
    put(service, next);
    applied.computeIfAbsent(service, s -> new ArrayList<>()).add(next);
    return next;
  }

  private TrafficMap existing(ServiceRef service) {
    TrafficMap map = traffic.get(service);
    if (map == null) {
      throw ApplicationFailure.newNonRetryableFailure("service " + service + " not found", FailureTypes.NOT_FOUND);
    }
    return map;
  }

  private void count(String method) {
    calls.merge(method, 1, Integer::sum);
  }
}
