package dev.runshift.simulator.run;

import com.google.api.LaunchStage;
import com.google.cloud.run.v2.Condition;
import com.google.cloud.run.v2.Revision;
import com.google.cloud.run.v2.RevisionTemplate;
import dev.runshift.simulator.core.Timestamps;
import dev.runshift.simulator.run.ResourceNames.RevisionName;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * One immutable revision. Its readiness is a function of the simulator clock: pending until
 * {@code readyAt}, then ready, or failed with {@code failure} when its image never becomes ready.
 *
 * @param template the template it was created from, without its {@code revision} name
 * @param failure the readiness failure message, or null for an image that starts
 */
record RevisionState(
    RevisionName name, String uid, RevisionTemplate template, String image, Instant createTime,
    Instant readyAt, String failure) {

  static RevisionState create(RevisionName name, RevisionTemplate template, Instant now, Instant readyAt,
      String failure) {
    String image = template.getContainersCount() == 0 ? "" : template.getContainers(0).getImage();
    String uid = UUID.nameUUIDFromBytes((name + "@" + now).getBytes(StandardCharsets.UTF_8))
        .toString();
    return new RevisionState(name, uid, withoutName(template), image, now, readyAt, failure);
  }

  static RevisionTemplate withoutName(RevisionTemplate template) {
    return template.toBuilder().clearRevision().build();
  }

  String shortName() {
    return name.revision();
  }

  boolean isReady(Instant now) {
    return failure == null && !now.isBefore(readyAt);
  }

  boolean isFailed(Instant now) {
    return failure != null && !now.isBefore(readyAt);
  }

  /** When readiness is decided, one way or the other. */
  Instant settlesAt() {
    return readyAt;
  }

  Revision toProto(Instant now) {
    Condition.Builder ready = Condition.newBuilder().setType("Ready");
    Condition.Builder healthy = Condition.newBuilder().setType("ContainerHealthy");
    if (isReady(now)) {
      ready.setState(Condition.State.CONDITION_SUCCEEDED).setLastTransitionTime(Timestamps.of(readyAt));
      healthy.setState(Condition.State.CONDITION_SUCCEEDED).setLastTransitionTime(Timestamps.of(readyAt));
    } else if (isFailed(now)) {
      ready.setState(Condition.State.CONDITION_FAILED).setMessage(failure)
          .setSeverity(Condition.Severity.ERROR)
          .setRevisionReason(Condition.RevisionReason.HEALTH_CHECK_CONTAINER_ERROR)
          .setLastTransitionTime(Timestamps.of(readyAt));
      healthy.setState(Condition.State.CONDITION_FAILED).setMessage(failure)
          .setSeverity(Condition.Severity.ERROR)
          .setRevisionReason(Condition.RevisionReason.HEALTH_CHECK_CONTAINER_ERROR)
          .setLastTransitionTime(Timestamps.of(readyAt));
    } else {
      ready.setState(Condition.State.CONDITION_RECONCILING).setLastTransitionTime(Timestamps.of(createTime));
      healthy.setState(Condition.State.CONDITION_RECONCILING).setLastTransitionTime(Timestamps.of(createTime));
    }
    boolean settled = !now.isBefore(readyAt);
    return Revision.newBuilder()
        .setName(name.toString())
        .setUid(uid)
        .setGeneration(1)
        .putAllLabels(template.getLabelsMap())
        .putAllAnnotations(template.getAnnotationsMap())
        .setCreateTime(Timestamps.of(createTime))
        .setUpdateTime(Timestamps.of(settled ? readyAt : createTime))
        .setLaunchStage(LaunchStage.GA)
        .setService(name.service().toString())
        .setScaling(template.getScaling())
        .setVpcAccess(template.getVpcAccess())
        .setMaxInstanceRequestConcurrency(
            template.getMaxInstanceRequestConcurrency() == 0 ? 80 : template.getMaxInstanceRequestConcurrency())
        .setTimeout(template.hasTimeout() ? template.getTimeout()
            : com.google.protobuf.Duration.newBuilder().setSeconds(300).build())
        .setServiceAccount(template.getServiceAccount())
        .addAllContainers(template.getContainersList())
        .addAllVolumes(template.getVolumesList())
        .setExecutionEnvironment(template.getExecutionEnvironment())
        .setEncryptionKey(template.getEncryptionKey())
        .setSessionAffinity(template.getSessionAffinity())
        .setReconciling(!settled)
        .addConditions(ready)
        .addConditions(healthy)
        .setObservedGeneration(settled ? 1 : 0)
        .setLogUri("https://console.cloud.google.com/logs/viewer?project=" + name.service().project()
            + "&resource=cloud_run_revision/service_name/" + name.service().service()
            + "/revision_name/" + name.revision())
        .setEtag("\"" + uid.substring(0, 8) + (settled ? "-1" : "-0") + "\"")
        .build();
  }
}
