package dev.runshift.activities.run;

import com.google.cloud.run.v2.TrafficTargetAllocationType;
import dev.runshift.traffic.TrafficMap;
import dev.runshift.traffic.TrafficTarget;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts between Runshift's {@link TrafficMap} and Cloud Run Admin v2 traffic targets, entry for entry
 * and in order. Revisions are short names ({@code svc-00001-abc}), as Cloud Run's traffic fields use them.
 */
public final class TrafficMapper {
  private TrafficMapper() {}

  public static TrafficMap fromProto(List<com.google.cloud.run.v2.TrafficTarget> targets) {
    List<TrafficTarget> out = new ArrayList<>(targets.size());
    for (com.google.cloud.run.v2.TrafficTarget t : targets) {
      boolean latest =
          t.getType() == TrafficTargetAllocationType.TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST
              || (t.getType() != TrafficTargetAllocationType.TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION
                  && t.getRevision().isEmpty());
      String tag = t.getTag().isEmpty() ? null : t.getTag();
      out.add(
          latest
              ? new TrafficTarget(null, true, t.getPercent(), tag)
              : new TrafficTarget(shortName(t.getRevision()), false, t.getPercent(), tag));
    }
    return new TrafficMap(out);
  }

  public static List<com.google.cloud.run.v2.TrafficTarget> toProto(TrafficMap map) {
    List<com.google.cloud.run.v2.TrafficTarget> out = new ArrayList<>(map.targets().size());
    for (TrafficTarget t : map.targets()) {
      com.google.cloud.run.v2.TrafficTarget.Builder b =
          com.google.cloud.run.v2.TrafficTarget.newBuilder().setPercent(t.percent());
      if (t.latest()) {
        b.setType(TrafficTargetAllocationType.TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST);
      } else {
        b.setType(TrafficTargetAllocationType.TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION)
            .setRevision(t.revision());
      }
      if (t.tag() != null) {
        b.setTag(t.tag());
      }
      out.add(b.build());
    }
    return out;
  }

  /** {@code projects/p/locations/r/services/s/revisions/x} (or just {@code x}) as {@code x}; "" stays "". */
  public static String shortName(String revision) {
    if (revision == null) {
      return "";
    }
    int slash = revision.lastIndexOf('/');
    return slash < 0 ? revision : revision.substring(slash + 1);
  }
}
