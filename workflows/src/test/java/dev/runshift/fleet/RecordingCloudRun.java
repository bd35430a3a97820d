package dev.runshift.fleet;

import dev.runshift.ports.DeployRequest;
import dev.runshift.ports.Deployment;
import dev.runshift.ports.PromoteRequest;
import dev.runshift.ports.RollbackRequest;
import dev.runshift.ports.ServiceRef;
import dev.runshift.testing.FakeCloudRun;
import dev.runshift.testing.FakeMetricsSource;
import dev.runshift.traffic.TrafficMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * {@link FakeCloudRun} that also records, per service, when (in workflow time) each release deployed its
 * candidate and when it ended (promote or rollback), and scripts "bad tenants": a candidate deployed to
 * one of them serves 20% errors in the metrics fake, so its release rolls back on the real analysis.
 */
final class RecordingCloudRun extends FakeCloudRun {

  /** One release as Cloud Run saw it: deployed at, ended at (-1 while running), how. */
  record Span(ServiceRef service, String revision, String image, long deployedAt, long endedAt, String end) {}

  private final Map<String, Span> spans = new LinkedHashMap<>();
  private final Set<ServiceRef> badTenants = new HashSet<>();
  private LongSupplier clock = () -> 0;
  private FakeMetricsSource metrics;

  void use(LongSupplier workflowClock, FakeMetricsSource metricsSource) {
    this.clock = workflowClock;
    clock(workflowClock);
    this.metrics = metricsSource;
  }

  synchronized void badTenant(ServiceRef service) {
    badTenants.add(service);
  }

  synchronized List<Span> spans() {
    return new ArrayList<>(spans.values());
  }

  synchronized List<Span> spans(ServiceRef service) {
    return spans.values().stream().filter(s -> s.service().equals(service)).toList();
  }

  /** The most releases whose [deploy, end] intervals overlapped. */
  synchronized int maxConcurrent() {
    List<long[]> events = new ArrayList<>();
    for (Span s : spans.values()) {
      events.add(new long[] {s.deployedAt(), 1});
      events.add(new long[] {s.endedAt() < 0 ? Long.MAX_VALUE : s.endedAt(), -1});
    }
    events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    int now = 0;
    int max = 0;
    for (long[] e : events) {
      now += (int) e[1];
      max = Math.max(max, now);
    }
    return max;
  }

  @Override
  public synchronized Deployment deployNoTraffic(DeployRequest request) {
    Deployment deployment = super.deployNoTraffic(request);
    if (!spans.containsKey(request.revisionName())) {
      spans.put(request.revisionName(),
          new Span(request.service(), request.revisionName(), request.image(), clock.getAsLong(), -1, null));
      if (badTenants.contains(request.service())) {
        metrics.revision(request.revisionName(),
            (percent, start, end) -> FakeMetricsSource.Signals.errors(0.2));
      }
    }
    return deployment;
  }

  @Override
  public synchronized TrafficMap promote(PromoteRequest request) {
    TrafficMap map = super.promote(request);
    end(request.candidateRevision(), "promote");
    return map;
  }

  @Override
  public synchronized TrafficMap rollback(RollbackRequest request) {
    TrafficMap map = super.rollback(request);
    spans.values().stream()
        .filter(s -> s.service().equals(request.service()) && s.endedAt() < 0)
        .map(Span::revision)
        .toList()
        .forEach(r -> end(r, "rollback"));
    return map;
  }

  private void end(String revision, String how) {
    Span s = spans.get(revision);
    if (s != null && s.endedAt() < 0) {
      spans.put(revision, new Span(s.service(), s.revision(), s.image(), s.deployedAt(), clock.getAsLong(), how));
    }
  }
}
