package dev.runshift.simulator.run;

import com.google.api.LaunchStage;
import com.google.cloud.run.v2.Condition;
import com.google.cloud.run.v2.IngressTraffic;
import com.google.cloud.run.v2.RevisionTemplate;
import com.google.cloud.run.v2.Service;
import com.google.cloud.run.v2.TrafficTarget;
import com.google.cloud.run.v2.TrafficTargetAllocationType;
import com.google.cloud.run.v2.TrafficTargetStatus;
import com.google.longrunning.Operation;
import com.google.protobuf.Any;
import com.google.protobuf.Timestamp;
import dev.runshift.simulator.core.ApiErrors;
import dev.runshift.simulator.core.ImageBehaviours;
import dev.runshift.simulator.core.RequestRate;
import dev.runshift.simulator.core.Timestamps;
import dev.runshift.simulator.run.ResourceNames.ServiceName;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One Cloud Run service: its desired spec, its immutable revisions and what it actually serves.
 *
 * <p>Each change of the spec is a new generation with a reconciliation that settles at a known simulator
 * time: when every revision it waits for (the one it creates and the ones its traffic names) has become
 * ready, or as soon as one of them fails. Settling applies the generation's traffic (LATEST resolved to
 * the newest ready revision then) and appends to the traffic history; a failed generation moves no
 * traffic. A change made while an earlier one is still unsettled supersedes it, and the earlier
 * generation's operation answers with the later one's outcome. All of it is computed lazily from the
 * clock readings passed in ({@link #advance}), so no background thread is needed. Thread-safe.
 */
final class ServiceState {
  static final String CREATOR = "runshift-simulator@runshift.local";
  private static final char[] SUFFIX_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  /** One generation's reconciliation. */
  private static final class Reconciliation {
    final long generation;
    final Instant settlesAt;
    final List<TrafficTarget> targets;
    Status failure;
    Long supersededBy;
    boolean settled;

    Reconciliation(long generation, Instant settlesAt, List<TrafficTarget> targets, Status failure) {
      this.generation = generation;
      this.settlesAt = settlesAt;
      this.targets = targets;
      this.failure = failure;
    }
  }

  private final ServiceName name;
  private final String uid;
  private final Instant createTime;
  private final long seed;
  private final ImageBehaviours images;

  private Service spec; // user-settable fields only; traffic normalized
  private long generation;
  private Instant updateTime;
  private final Map<String, RevisionState> revisions = new LinkedHashMap<>(); // creation order
  private String latestCreated;
  private final Map<Long, Reconciliation> reconciliations = new HashMap<>();
  private Reconciliation pending;
  private Reconciliation lastSettled;
  private List<TrafficTarget> servingTargets = List.of();
  private String servingLatest;
  private final List<TrafficChange> trafficHistory = new ArrayList<>();
  private final List<RateChange> rateHistory = new ArrayList<>();
  private Instant deletedAt;

  ServiceState(ServiceName name, Instant now, long seed, ImageBehaviours images, double requestRate) {
    this.name = name;
    this.uid = UUID.nameUUIDFromBytes((name + "@" + now).getBytes(StandardCharsets.UTF_8)).toString();
    this.createTime = now;
    this.updateTime = now;
    this.seed = seed;
    this.images = images;
    this.rateHistory.add(new RateChange(now, requestRate));
  }

  ServiceName name() {
    return name;
  }

  synchronized String etag() {
    String raw = uid.substring(0, 8) + "/" + generation;
    return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8)) + "\"";
  }

  /** Settles the pending reconciliation if its time has come. */
  synchronized void advance(Instant now) {
    if (pending != null && !now.isBefore(pending.settlesAt)) {
      settle(pending);
    }
  }

  /** Fails with ABORTED when {@code etag} is given and is not the current one. */
  synchronized void checkEtag(String etag) {
    if (!etag.isEmpty() && !etag.equals(etag())) {
      throw ApiErrors.aborted("The etag '" + etag + "' does not match the current etag " + etag()
          + " of service '" + name + "': it was changed since it was read. Read it again and retry.");
    }
  }

  synchronized Service spec() {
    return spec;
  }

  /**
   * Makes {@code desired} (user-settable fields) the spec at {@code now}, creating a revision when the
   * template changed; a new revision becomes ready after {@code readyDelay} unless its image fails
   * readiness. Returns the generation whose operation answers the caller: a new one, or the current one
   * when {@code desired} equals the current spec (no-op) or {@code validateOnly}.
   */
  synchronized long change(Service desired, Instant now, Duration readyDelay, boolean validateOnly) {
    advance(now);
    desired = withDefaults(desired);
    List<TrafficTarget> traffic = TrafficTargets.normalize(name, desired.getTrafficList());
    RevisionTemplate template = checkTemplate(desired);
    String newRevision = newRevisionName(template);
    for (int i = 0; i < traffic.size(); i++) {
      TrafficTarget t = traffic.get(i);
      if (t.getType() == TrafficTargetAllocationType.TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION
          && !revisions.containsKey(t.getRevision()) && !t.getRevision().equals(newRevision)) {
        throw ApiErrors.invalidArgument("service.traffic[" + i + "].revision",
            "Revision '" + t.getRevision() + "' does not exist in service '" + name.service() + "'.");
      }
    }
    Service next = desired.toBuilder().clearTraffic().addAllTraffic(traffic).build();
    if (next.equals(spec) || validateOnly) {
      return generation;
    }
    generation++;
    updateTime = now;
    spec = next;
    RevisionState created = null;
    if (newRevision != null) {
      String failure = images.of(name.toString(), imageOf(template)).readinessFailure();
      created = RevisionState.create(name.revision(newRevision), template, now, now.plus(readyDelay), failure);
      revisions.put(newRevision, created);
      latestCreated = newRevision;
    }
    Reconciliation rec = plan(traffic, created, now);
    if (pending != null) {
      pending.supersededBy = rec.generation;
    }
    pending = rec;
    reconciliations.put(rec.generation, rec);
    advance(now);
    return rec.generation;
  }

  /** The defaults Cloud Run fills in, so that sending back what was read is not a change. */
  private static Service withDefaults(Service desired) {
    Service.Builder b = desired.toBuilder();
    if (b.getLaunchStage() == LaunchStage.LAUNCH_STAGE_UNSPECIFIED) {
      b.setLaunchStage(LaunchStage.GA);
    }
    if (b.getIngress() == IngressTraffic.INGRESS_TRAFFIC_UNSPECIFIED) {
      b.setIngress(IngressTraffic.INGRESS_TRAFFIC_ALL);
    }
    return b.build();
  }

  /** When this generation settles and how: wait for every revision it needs; fail at the first failure. */
  private Reconciliation plan(List<TrafficTarget> traffic, RevisionState created, Instant now) {
    List<RevisionState> awaited = new ArrayList<>();
    if (created != null) {
      awaited.add(created);
    }
    for (String r : TrafficTargets.namedRevisions(traffic)) {
      if (!awaited.contains(revisions.get(r))) {
        awaited.add(revisions.get(r));
      }
    }
    if (created == null && TrafficTargets.hasLatest(traffic) && latestReadyAt(now) == null) {
      // LATEST needs some revision ready: wait for the newest that may still become ready
      RevisionState newest = null;
      for (RevisionState r : revisions.values()) {
        if (r.failure() == null) {
          newest = r;
        }
      }
      if (newest == null) {
        return new Reconciliation(generation, now, traffic, Status.FAILED_PRECONDITION.withDescription(
            "Service '" + name.service() + "' has no ready revision for its LATEST traffic target."));
      }
      awaited.add(newest);
    }
    Instant settles = now;
    RevisionState firstFailure = null;
    for (RevisionState r : awaited) {
      if (r.failure() != null) {
        if (firstFailure == null || r.settlesAt().isBefore(firstFailure.settlesAt())) {
          firstFailure = r;
        }
      } else if (r.settlesAt().isAfter(settles)) {
        settles = r.settlesAt();
      }
    }
    if (firstFailure != null) {
      Instant failsAt = firstFailure.settlesAt().isAfter(now) ? firstFailure.settlesAt() : now;
      return new Reconciliation(generation, failsAt, traffic, Status.FAILED_PRECONDITION.withDescription(
          "Revision '" + firstFailure.shortName() + "' is not ready and cannot serve traffic. "
              + firstFailure.failure()));
    }
    return new Reconciliation(generation, settles, traffic, null);
  }

  private void settle(Reconciliation rec) {
    rec.settled = true;
    pending = null;
    lastSettled = rec;
    if (rec.failure == null) {
      servingLatest = latestReadyAt(rec.settlesAt);
      servingTargets = rec.targets;
      recordTraffic(rec.settlesAt, TrafficTargets.percents(rec.targets, servingLatest));
    }
  }

  private void recordTraffic(Instant at, Map<String, Integer> percents) {
    if (trafficHistory.isEmpty() || !trafficHistory.get(trafficHistory.size() - 1).percents().equals(percents)) {
      trafficHistory.add(new TrafficChange(at, percents));
    }
  }

  private RevisionTemplate checkTemplate(Service desired) {
    if (!desired.hasTemplate()) {
      throw ApiErrors.required("service.template");
    }
    RevisionTemplate template = desired.getTemplate();
    if (template.getContainersCount() == 0) {
      throw ApiErrors.required("service.template.containers");
    }
    for (int i = 0; i < template.getContainersCount(); i++) {
      if (template.getContainers(i).getImage().isEmpty()) {
        throw ApiErrors.required("service.template.containers[" + i + "].image");
      }
    }
    return template;
  }

  /** The revision this template creates, or null when it creates none (unchanged, or a same-config reuse). */
  private String newRevisionName(RevisionTemplate template) {
    String requested = template.getRevision();
    if (!requested.isEmpty()) {
      ResourceNames.checkRevisionName("service.template.revision", name.service(), requested);
      RevisionState existing = revisions.get(requested);
      if (existing == null) {
        return requested;
      }
      if (!existing.template().equals(RevisionState.withoutName(template))) {
        throw ApiErrors.alreadyExists("Revision named '" + requested
            + "' with different configuration already exists.");
      }
      return null;
    }
    if (spec != null && template.equals(spec.getTemplate())) {
      return null;
    }
    long gen = generation + 1;
    SplittableRandom random = new SplittableRandom(seed ^ (name.toString().hashCode() * 0x9E3779B97F4A7C15L) ^ gen);
    while (true) {
      StringBuilder suffix = new StringBuilder();
      for (int i = 0; i < 3; i++) {
        suffix.append(SUFFIX_CHARS[random.nextInt(SUFFIX_CHARS.length)]);
      }
      String candidate = String.format("%s-%05d-%s", name.service(), gen, suffix);
      if (!revisions.containsKey(candidate)) {
        return candidate;
      }
    }
  }

  private static String imageOf(RevisionTemplate template) {
    return template.getContainers(0).getImage();
  }

  private String latestReadyAt(Instant t) {
    String latest = null;
    for (RevisionState r : revisions.values()) {
      if (r.isReady(t)) {
        latest = r.shortName();
      }
    }
    return latest;
  }

  /** Traffic as {@code gcloud run services update-traffic --to-revisions} sets it; tags are kept at 0%. */
  synchronized long updateTraffic(Map<String, Integer> percents, Instant now) {
    advance(now);
    for (String r : percents.keySet()) {
      RevisionState rev = revisions.get(r);
      if (rev == null || !rev.isReady(now)) {
        throw new IllegalArgumentException("revision '" + r + "' of " + name + " does not exist or is not ready");
      }
    }
    List<TrafficTarget> traffic = new ArrayList<>();
    new TreeMap<>(percents).forEach((r, p) -> traffic.add(TrafficTarget.newBuilder()
        .setType(TrafficTargetAllocationType.TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION)
        .setRevision(r).setPercent(p).build()));
    for (TrafficTarget t : spec.getTrafficList()) {
      if (!t.getTag().isEmpty()) {
        traffic.add(t.toBuilder().setPercent(0).build());
      }
    }
    return change(spec.toBuilder().clearTraffic().addAllTraffic(traffic).build(), now, Duration.ZERO, false);
  }

  /**
   * From {@code from} (not before {@code now}) on, the service receives {@code rate}. The history stays in
   * time order; a change already scheduled for later than {@code from} still applies from its own time.
   */
  synchronized void setRequestRate(RequestRate rate, Instant from, Instant now) {
    advance(now);
    int i = rateHistory.size();
    while (i > 0 && rateHistory.get(i - 1).at().isAfter(from)) {
      i--;
    }
    rateHistory.add(i, new RateChange(from, rate));
  }

  /** Marks the service deleted: it serves nothing from {@code now}; an unsettled change is aborted. */
  synchronized Service delete(Instant now) {
    advance(now);
    if (pending != null) {
      pending.failure = Status.ABORTED.withDescription("Service '" + name + "' was deleted.");
      pending.settled = true;
      lastSettled = pending;
      pending = null;
    }
    deletedAt = now;
    recordTraffic(now, Map.of());
    return toProto(now);
  }

  synchronized RevisionState revision(String shortName) {
    return revisions.get(shortName);
  }

  /** Revisions, newest first (as ListRevisions sorts them). */
  synchronized List<RevisionState> revisionsNewestFirst() {
    List<RevisionState> out = new ArrayList<>(revisions.values());
    Collections.reverse(out);
    return out;
  }

  /** Deletes a revision that serves nothing and is neither the latest created nor the latest ready one. */
  synchronized RevisionState deleteRevision(String shortName, Instant now) {
    advance(now);
    RevisionState r = revisions.get(shortName);
    if (r == null) {
      return null;
    }
    boolean referenced = TrafficTargets.namedRevisions(spec.getTrafficList()).contains(shortName)
        || servingTargets.stream().anyMatch(t -> shortName.equals(t.getRevision()))
        || shortName.equals(servingLatest) || shortName.equals(latestCreated)
        || shortName.equals(latestReadyAt(now));
    if (referenced) {
      throw ApiErrors.failedPrecondition("Revision '" + shortName
          + "' cannot be deleted: it is referenced by the traffic or is the latest revision of service '"
          + name.service() + "'. Only retired revisions can be deleted.");
    }
    revisions.remove(shortName);
    return r;
  }

  /** The operation for {@code gen} as of {@code now}: done once it (or what superseded it) settled. */
  synchronized Operation operation(String operationName, long gen, Instant now) {
    advance(now);
    Reconciliation rec = reconciliations.get(gen);
    while (rec != null && rec.supersededBy != null) {
      rec = reconciliations.get(rec.supersededBy);
    }
    Service current = toProto(now);
    Operation.Builder op = Operation.newBuilder().setName(operationName).setMetadata(Any.pack(current));
    if (rec == null || rec.settled) {
      op.setDone(true);
      if (rec != null && rec.failure != null) {
        op.setError(com.google.rpc.Status.newBuilder()
            .setCode(rec.failure.getCode().value())
            .setMessage(rec.failure.getDescription()));
      } else {
        op.setResponse(Any.pack(current));
      }
    }
    return op.build();
  }

  synchronized ServiceHistory history(Instant now) {
    advance(now);
    Map<String, String> imagesByRevision = new LinkedHashMap<>();
    revisions.values().forEach(r -> imagesByRevision.put(r.shortName(), r.image()));
    return new ServiceHistory(name.project(), name.location(), name.service(), List.copyOf(trafficHistory),
        List.copyOf(rateHistory), imagesByRevision, deletedAt);
  }

  synchronized List<TrafficChange> trafficHistory(Instant now) {
    advance(now);
    return List.copyOf(trafficHistory);
  }

  synchronized List<RateChange> rateHistory() {
    return List.copyOf(rateHistory);
  }

  /** The service as the API returns it at {@code now}. */
  synchronized Service toProto(Instant now) {
    advance(now);
    Service.Builder b = spec.toBuilder()
        .setName(name.toString())
        .setUid(uid)
        .setGeneration(generation)
        .setCreateTime(Timestamps.of(createTime))
        .setUpdateTime(Timestamps.of(updateTime))
        .setCreator(CREATOR)
        .setLastModifier(CREATOR)
        .setObservedGeneration(lastSettled == null ? 0 : lastSettled.generation)
        .setUri(ServiceUrls.uri(name))
        .addAllUrls(ServiceUrls.urls(name))
        .setReconciling(pending != null)
        .setEtag(etag());
    if (latestCreated != null) {
      b.setLatestCreatedRevision(name.revision(latestCreated).toString());
    }
    String latestReady = latestReadyAt(now);
    if (latestReady != null) {
      b.setLatestReadyRevision(name.revision(latestReady).toString());
    }
    for (TrafficTarget t : servingTargets) {
      boolean latest = t.getType() == TrafficTargetAllocationType.TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST;
      TrafficTargetStatus.Builder s = TrafficTargetStatus.newBuilder()
          .setType(t.getType())
          .setRevision(latest ? (servingLatest == null ? "" : servingLatest) : t.getRevision())
          .setPercent(t.getPercent())
          .setTag(t.getTag());
      if (!t.getTag().isEmpty()) {
        s.setUri(ServiceUrls.tagUri(name, t.getTag()));
      }
      b.addTrafficStatuses(s);
    }
    addConditions(b, now);
    if (deletedAt != null) {
      b.setDeleteTime(Timestamps.of(deletedAt)).setExpireTime(Timestamps.of(deletedAt.plus(Duration.ofDays(30))));
    }
    return b.build();
  }

  private void addConditions(Service.Builder b, Instant now) {
    Condition.Builder ready = Condition.newBuilder().setType("Ready");
    Condition.Builder routes = Condition.newBuilder().setType("RoutesReady");
    Condition.Builder configs = Condition.newBuilder().setType("ConfigurationsReady");
    RevisionState created = latestCreated == null ? null : revisions.get(latestCreated);
    if (pending != null) {
      Timestamp since = Timestamps.of(updateTime);
      ready.setState(Condition.State.CONDITION_RECONCILING).setLastTransitionTime(since);
      routes.setState(Condition.State.CONDITION_RECONCILING).setLastTransitionTime(since);
      boolean configSettled = created == null || !now.isBefore(created.settlesAt());
      configs.setState(configSettled && created != null && created.failure() != null
              ? Condition.State.CONDITION_FAILED
              : configSettled ? Condition.State.CONDITION_SUCCEEDED : Condition.State.CONDITION_RECONCILING)
          .setLastTransitionTime(since);
    } else if (lastSettled != null && lastSettled.failure != null) {
      Timestamp at = Timestamps.of(lastSettled.settlesAt);
      String message = lastSettled.failure.getDescription();
      ready.setState(Condition.State.CONDITION_FAILED).setMessage(message)
          .setSeverity(Condition.Severity.ERROR).setReason(Condition.CommonReason.REVISION_FAILED)
          .setLastTransitionTime(at);
      routes.setState(Condition.State.CONDITION_FAILED).setMessage(message)
          .setSeverity(Condition.Severity.ERROR).setReason(Condition.CommonReason.REVISION_FAILED)
          .setLastTransitionTime(at);
      boolean configFailed = created != null && created.failure() != null;
      configs.setState(configFailed ? Condition.State.CONDITION_FAILED : Condition.State.CONDITION_SUCCEEDED)
          .setLastTransitionTime(at);
      if (configFailed) {
        configs.setMessage(message).setSeverity(Condition.Severity.ERROR)
            .setReason(Condition.CommonReason.REVISION_FAILED);
      }
    } else {
      Timestamp at =
          Timestamps.of(lastSettled == null ? updateTime : lastSettled.settlesAt);
      ready.setState(Condition.State.CONDITION_SUCCEEDED).setLastTransitionTime(at);
      routes.setState(Condition.State.CONDITION_SUCCEEDED).setLastTransitionTime(at);
      configs.setState(Condition.State.CONDITION_SUCCEEDED).setLastTransitionTime(at);
    }
    b.setTerminalCondition(ready).addConditions(routes).addConditions(configs);
  }
}
