package dev.runshift.activities.run;

import dev.runshift.ports.ImageRef;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.run.v2.Container;
import com.google.cloud.run.v2.Revision;
import com.google.cloud.run.v2.RevisionTemplate;
import com.google.cloud.run.v2.Service;
import com.google.cloud.run.v2.TrafficTargetStatus;
import com.google.cloud.run.v2.UpdateServiceRequest;
import dev.runshift.activities.google.GoogleCall;
import dev.runshift.activities.google.GoogleClients;
import dev.runshift.activities.google.GoogleErrors;
import dev.runshift.activities.google.Waits;
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
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CloudRun} over the Cloud Run Admin v2 API. Every write is a read-modify-write of the whole
 * service guarded by the etag that was read, so a concurrent change is never overwritten silently, and
 * every method first checks whether its effect is already in place, so a retried attempt does nothing
 * twice (in particular, never creates a second revision).
 */
public final class CloudRunActivities implements CloudRun {
  private static final Logger log = LoggerFactory.getLogger(CloudRunActivities.class);
  private static final String API = "Cloud Run";
  private static final String WORKER = "deploy worker";

  private final GoogleClients clients;

  public CloudRunActivities(GoogleClients clients) {
    this.clients = clients;
  }

  @Override
  public ServiceSnapshot describe(ServiceRef ref) {
    Service svc = readService(ref);
    TrafficMap traffic = TrafficMapper.fromProto(svc.getTrafficList());
    String latestReady = TrafficMapper.shortName(svc.getLatestReadyRevision());
    String servingImage = servingImage(ref, svc, traffic, latestReady);
    return new ServiceSnapshot(ref, svc.getEtag(), traffic, latestReady, servingImage, svc.getLabelsMap());
  }

  @Override
  public List<ServiceSnapshot> listServices(String project, String region) {
    String parent = "projects/" + project + "/locations/" + region;
    List<Service> services;
    try {
      services = new java.util.ArrayList<>();
      clients.services().listServices(parent).iterateAll().forEach(services::add);
    } catch (RuntimeException e) {
      throw GoogleErrors.toFailure(e, new GoogleCall(API, "run.services.list", "roles/run.viewer", parent, WORKER));
    }
    List<ServiceSnapshot> snapshots = new java.util.ArrayList<>(services.size());
    for (Service svc : services) {
      ServiceRef ref = new ServiceRef(project, region, TrafficMapper.shortName(svc.getName()));
      TrafficMap traffic = TrafficMapper.fromProto(svc.getTrafficList());
      String latestReady = TrafficMapper.shortName(svc.getLatestReadyRevision());
      snapshots.add(new ServiceSnapshot(
          ref, svc.getEtag(), traffic, latestReady, servingImage(ref, svc, traffic, latestReady), svc.getLabelsMap()));
    }
    return snapshots;
  }

  @Override
  public Deployment deployNoTraffic(DeployRequest request) {
    ServiceRef ref = request.service();
    String candidate = request.revisionName();
    requireDigest(request.image(), ref);

    Service svc = readService(ref);
    Optional<Revision> existing = findRevision(ref, candidate);
    if (existing.isPresent()) {
      String runningImage = imageOf(existing.get());
      if (!request.image().equals(runningImage)) {
        throw ApplicationFailure.newNonRetryableFailure(
            "revision " + candidate + " of " + ref + " already exists with image " + runningImage
                + ", not " + request.image() + ". Revision names are derived from the release id: start a "
                + "new release for a different image.",
            FailureTypes.FAILED_PRECONDITION);
      }
    }

    TrafficMap current = TrafficMapper.fromProto(svc.getTrafficList());
    TrafficMap previous;
    try {
      // A retried attempt finds its own 0% candidate entry: what served before is the map without it.
      previous =
          TrafficPlan.resolveLatest(
              TrafficPlan.withoutZeroEntriesOf(current, candidate),
              TrafficMapper.shortName(svc.getLatestReadyRevision()));
    } catch (IllegalStateException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "cannot deploy " + candidate + " to " + ref + ": " + e.getMessage(), FailureTypes.FAILED_PRECONDITION);
    }
    TrafficMap desired = TrafficPlan.withCandidate(previous, candidate, request.candidateTag());

    Service result = svc;
    if (existing.isEmpty() || !current.equals(desired)) {
      Service.Builder next = svc.toBuilder().clearTraffic().addAllTraffic(TrafficMapper.toProto(desired));
      if (existing.isEmpty()) {
        next.setTemplate(pinnedTemplate(svc.getTemplate(), candidate, request.image()));
      }
      log.info("deploying {} to {} with 0% traffic: {}", candidate, ref, desired);
      try {
        result = update(next.build(), candidate);
      } catch (ExecutionException | ApiException e) {
        // The update's operation fails when the new revision cannot become ready: say why.
        findRevision(ref, candidate)
            .filter(r -> RevisionReadiness.of(r) == RevisionReadiness.FAILED)
            .ifPresent(r -> { throw revisionNotReady(ref, r); });
        throw GoogleErrors.toFailure(e, deployCall(ref));
      }
    }

    if (!candidate.equals(TrafficMapper.shortName(result.getLatestReadyRevision()))) {
      Revision revision = awaitReadiness(ref, candidate);
      if (RevisionReadiness.of(revision) == RevisionReadiness.FAILED) {
        throw revisionNotReady(ref, revision);
      }
    }

    Optional<String> url = tagUri(result, request.candidateTag());
    if (url.isEmpty() && request.candidateTag() != null) {
      url = tagUri(readService(ref), request.candidateTag());
    }
    return new Deployment(
        candidate, previous, TrafficPlan.servingRevisions(previous), url.orElse(null));
  }

  @Override
  public TrafficMap shiftTraffic(ShiftRequest request) {
    return compareAndSet(request.service(), request.expected(), request.next());
  }

  @Override
  public TrafficMap promote(PromoteRequest request) {
    return compareAndSet(request.service(), request.expected(), request.planned());
  }

  @Override
  public TrafficMap rollback(RollbackRequest request) {
    ServiceRef ref = request.service();
    TrafficMap target = request.target();
    Service svc = readService(ref);
    TrafficMap current = TrafficMapper.fromProto(svc.getTrafficList());
    if (!current.equals(target)) {
      log.warn("rolling back {} from {} to {}", ref, current, target);
      try {
        update(withTraffic(svc, target), "rollback");
      } catch (ExecutionException | ApiException e) {
        throw GoogleErrors.toFailure(e, trafficCall(ref));
      }
    }
    TrafficMap confirmed = TrafficMapper.fromProto(readService(ref).getTrafficList());
    if (!confirmed.equals(target)) {
      throw ApplicationFailure.newFailure(
          "rollback of " + ref + " not confirmed: applied " + target + " but read back " + confirmed
              + "; retrying.",
          FailureTypes.ROLLBACK_NOT_CONFIRMED,
          confirmed);
    }
    return confirmed;
  }

  /**
   * Moves the service's traffic from {@code expected} to {@code next}, guarded by the etag read: done
   * already if it is {@code next}; refused (non-retryable) if it is neither.
   */
  private TrafficMap compareAndSet(ServiceRef ref, TrafficMap expected, TrafficMap next) {
    Service svc = readService(ref);
    TrafficMap current = TrafficMapper.fromProto(svc.getTrafficList());
    if (current.equals(next)) {
      return current;
    }
    if (!current.equals(expected)) {
      throw outOfBand(ref, expected, next, current);
    }
    try {
      Service updated = update(withTraffic(svc, next), "traffic");
      return TrafficMapper.fromProto(updated.getTrafficList());
    } catch (ExecutionException | ApiException e) {
      if (GoogleErrors.is(e, StatusCode.Code.ABORTED)) {
        // The etag no longer matched: someone wrote between our read and our write. Look again.
        TrafficMap now = TrafficMapper.fromProto(readService(ref).getTrafficList());
        if (now.equals(next)) {
          return now;
        }
        if (!now.equals(expected)) {
          throw outOfBand(ref, expected, next, now);
        }
      }
      throw GoogleErrors.toFailure(e, trafficCall(ref));
    }
  }

  private Service update(Service service, Object heartbeatDetails) throws ExecutionException {
    return Waits.await(
        clients.services().updateServiceAsync(UpdateServiceRequest.newBuilder().setService(service).build()),
        clients.config().heartbeatEvery(),
        heartbeatDetails);
  }

  private Service readService(ServiceRef ref) {
    try {
      return clients.services().getService(ref.resourceName());
    } catch (RuntimeException e) {
      throw GoogleErrors.toFailure(e, readCall(ref, "run.services.get", ref.resourceName()));
    }
  }

  private Optional<Revision> findRevision(ServiceRef ref, String revision) {
    String name = ref.resourceName() + "/revisions/" + revision;
    try {
      return Optional.of(clients.revisions().getRevision(name));
    } catch (RuntimeException e) {
      if (GoogleErrors.is(e, StatusCode.Code.NOT_FOUND)) {
        return Optional.empty();
      }
      throw GoogleErrors.toFailure(e, readCall(ref, "run.revisions.get", name));
    }
  }

  /** Polls {@code revision} until it is ready or failed, heartbeating; the activity timeout bounds it. */
  private Revision awaitReadiness(ServiceRef ref, String revision) {
    return Waits.poll(
        () -> findRevision(ref, revision)
            .orElseThrow(() -> ApplicationFailure.newFailure(
                "revision " + revision + " of " + ref + " is not there yet; retrying", FailureTypes.NOT_FOUND + "Yet")),
        r -> RevisionReadiness.of(r) != RevisionReadiness.PENDING,
        clients.config().deployPolling(),
        clients.config().heartbeatEvery(),
        revision);
  }

  private String servingImage(ServiceRef ref, Service svc, TrafficMap traffic, String latestReady) {
    Optional<String> top =
        traffic.targets().stream()
            .max(Comparator.comparingInt(TrafficTarget::percent))
            .map(t -> t.latest() ? latestReady : t.revision())
            .filter(r -> r != null && !r.isEmpty());
    if (top.isEmpty()) {
      return null;
    }
    if (top.get().equals(svc.getTemplate().getRevision()) && svc.getTemplate().getContainersCount() > 0) {
      return svc.getTemplate().getContainers(0).getImage();
    }
    return findRevision(ref, top.get()).map(CloudRunActivities::imageOf).orElse(null);
  }

  private static Service withTraffic(Service svc, TrafficMap traffic) {
    return svc.toBuilder().clearTraffic().addAllTraffic(TrafficMapper.toProto(traffic)).build();
  }

  private static RevisionTemplate pinnedTemplate(RevisionTemplate template, String revision, String image) {
    RevisionTemplate.Builder t = template.toBuilder().setRevision(revision);
    if (t.getContainersCount() == 0) {
      t.addContainers(Container.newBuilder().setImage(image));
    } else {
      t.setContainers(0, t.getContainers(0).toBuilder().setImage(image));
    }
    return t.build();
  }

  private static String imageOf(Revision revision) {
    return revision.getContainersCount() == 0 ? "" : revision.getContainers(0).getImage();
  }

  private static Optional<String> tagUri(Service svc, String tag) {
    if (tag == null) {
      return Optional.empty();
    }
    return svc.getTrafficStatusesList().stream()
        .filter(s -> tag.equals(s.getTag()))
        .map(TrafficTargetStatus::getUri)
        .filter(u -> !u.isEmpty())
        .findFirst();
  }

  private static void requireDigest(String image, ServiceRef ref) {
    if (!ImageRef.isPinned(image)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "refusing to deploy '" + image + "' to " + ref + ": Runshift deploys images pinned by digest "
              + "(repository@sha256:<64 hex>), never by tag.",
          FailureTypes.INVALID_ARGUMENT);
    }
  }

  private static ApplicationFailure revisionNotReady(ServiceRef ref, Revision revision) {
    return ApplicationFailure.newNonRetryableFailure(
        "revision " + TrafficMapper.shortName(revision.getName()) + " of " + ref + " is not ready: "
            + RevisionReadiness.message(revision)
            + ". It serves no traffic; check the container's logs, fix the image and start a new release.",
        FailureTypes.REVISION_NOT_READY);
  }

  private static ApplicationFailure outOfBand(
      ServiceRef ref, TrafficMap expected, TrafficMap next, TrafficMap found) {
    return ApplicationFailure.newNonRetryableFailure(
        "traffic of " + ref + " was changed outside this release: expected " + expected + " (or already "
            + next + ") but found " + found + ". Nothing was written. Decide whether the manual change "
            + "stays, then retry or abort the release.",
        FailureTypes.OUT_OF_BAND_TRAFFIC_CHANGE,
        found);
  }

  private static GoogleCall readCall(ServiceRef ref, String permission, String resource) {
    return new GoogleCall(API, permission, "roles/run.viewer", resource, WORKER);
  }

  private static GoogleCall trafficCall(ServiceRef ref) {
    return new GoogleCall(API, "run.services.update", "roles/run.developer", ref.resourceName(), WORKER);
  }

  private static GoogleCall deployCall(ServiceRef ref) {
    return new GoogleCall(
        API, "run.services.update", "roles/run.developer", ref.resourceName(), WORKER,
        " (a deploy also needs roles/iam.serviceAccountUser on the service's runtime service account)");
  }
}
