package dev.runshift.simulator.run;

import com.google.cloud.run.v2.TrafficTarget;
import com.google.cloud.run.v2.TrafficTargetAllocationType;
import dev.runshift.simulator.core.ApiErrors;
import dev.runshift.simulator.run.ResourceNames.RevisionName;
import dev.runshift.simulator.run.ResourceNames.ServiceName;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Validates and normalizes a service's traffic targets as Cloud Run does: empty means 100% to the latest
 * ready revision; each target is LATEST or names a revision (short name, or the full name of a revision
 * of this service); percents are 0..100 and sum to 100; tags are valid and unique. Errors are
 * INVALID_ARGUMENT naming the field, e.g. {@code service.traffic[1].percent}.
 */
final class TrafficTargets {
  private TrafficTargets() {}

  static List<TrafficTarget> latest100() {
    return List.of(TrafficTarget.newBuilder()
        .setType(TrafficTargetAllocationType.TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST)
        .setPercent(100)
        .build());
  }

  /** The normalized targets: type always set, revisions as short names. */
  static List<TrafficTarget> normalize(ServiceName service, List<TrafficTarget> targets) {
    if (targets.isEmpty()) {
      return latest100();
    }
    List<TrafficTarget> out = new ArrayList<>();
    Set<String> tags = new HashSet<>();
    int sum = 0;
    for (int i = 0; i < targets.size(); i++) {
      String field = "service.traffic[" + i + "]";
      TrafficTarget t = targets.get(i);
      TrafficTargetAllocationType type = t.getType();
      if (type == TrafficTargetAllocationType.TRAFFIC_TARGET_ALLOCATION_TYPE_UNSPECIFIED) {
        if (t.getRevision().isEmpty()) {
          throw ApiErrors.invalidArgument(field + ".type",
              "must be TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST or TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION.");
        }
        type = TrafficTargetAllocationType.TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION;
      } else if (type == TrafficTargetAllocationType.UNRECOGNIZED) {
        throw ApiErrors.invalidArgument(field + ".type", "unknown allocation type.");
      }
      String revision = t.getRevision();
      if (type == TrafficTargetAllocationType.TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST && !revision.isEmpty()) {
        throw ApiErrors.invalidArgument(field + ".revision",
            "must be empty when type is TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST.");
      }
      if (type == TrafficTargetAllocationType.TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION) {
        if (revision.isEmpty()) {
          throw ApiErrors.required(field + ".revision");
        }
        if (revision.contains("/")) {
          RevisionName full = ResourceNames.revision(field + ".revision", revision);
          if (!full.service().equals(service)) {
            throw ApiErrors.invalidArgument(field + ".revision",
                "revision '" + revision + "' does not belong to service '" + service + "'.");
          }
          revision = full.revision();
        }
      }
      if (t.getPercent() < 0 || t.getPercent() > 100) {
        throw ApiErrors.invalidArgument(field + ".percent",
            "must be between 0 and 100; got " + t.getPercent() + ".");
      }
      if (!t.getTag().isEmpty()) {
        ResourceNames.checkTag(field + ".tag", t.getTag());
        if (!tags.add(t.getTag())) {
          throw ApiErrors.invalidArgument(field + ".tag",
              "tag '" + t.getTag() + "' is used by more than one traffic target; tags must be unique.");
        }
      }
      sum += t.getPercent();
      out.add(t.toBuilder().setType(type).setRevision(revision).build());
    }
    if (sum != 100) {
      throw ApiErrors.invalidArgument("service.traffic",
          "traffic percents must sum to 100; got " + sum + ".");
    }
    return Collections.unmodifiableList(out);
  }

  /** The revisions named by REVISION targets. */
  static Set<String> namedRevisions(List<TrafficTarget> targets) {
    Set<String> names = new HashSet<>();
    for (TrafficTarget t : targets) {
      if (t.getType() == TrafficTargetAllocationType.TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION) {
        names.add(t.getRevision());
      }
    }
    return names;
  }

  static boolean hasLatest(List<TrafficTarget> targets) {
    return targets.stream()
        .anyMatch(t -> t.getType() == TrafficTargetAllocationType.TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST);
  }

  /** Percent per revision (LATEST counted for {@code latest}), only revisions with a positive share. */
  static Map<String, Integer> percents(List<TrafficTarget> targets, String latest) {
    Map<String, Integer> out = new TreeMap<>();
    for (TrafficTarget t : targets) {
      String revision =
          t.getType() == TrafficTargetAllocationType.TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST ? latest : t.getRevision();
      if (t.getPercent() > 0 && revision != null) {
        out.merge(revision, t.getPercent(), Integer::sum);
      }
    }
    return Collections.unmodifiableMap(out);
  }
}
