package dev.runshift.activities.run;

import dev.runshift.traffic.TrafficMap;
import dev.runshift.traffic.TrafficTarget;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/** The traffic maps Cloud Run activities write, as pure functions of the map they read. */
public final class TrafficEdits {
  private TrafficEdits() {}

  /**
   * {@code map} with every LATEST entry pinned to {@code latestReadyRevision} (tag and percent kept):
   * after a deploy, LATEST would silently mean the candidate.
   *
   * @throws IllegalStateException if the map routes to LATEST but the service has no ready revision
   */
  public static TrafficMap resolveLatest(TrafficMap map, String latestReadyRevision) {
    List<TrafficTarget> out = new ArrayList<>();
    for (TrafficTarget t : map.targets()) {
      if (t.latest()) {
        if (latestReadyRevision == null || latestReadyRevision.isEmpty()) {
          throw new IllegalStateException("traffic routes to LATEST but the service has no ready revision");
        }
        out.add(new TrafficTarget(latestReadyRevision, false, t.percent(), t.tag()));
      } else {
        out.add(t);
      }
    }
    return new TrafficMap(out);
  }

  /** {@code map} without its entries for {@code revision}, which must all be 0%. */
  public static TrafficMap withoutZeroEntriesOf(TrafficMap map, String revision) {
    List<TrafficTarget> out = new ArrayList<>();
    for (TrafficTarget t : map.targets()) {
      if (revision.equals(t.revision())) {
        if (t.percent() != 0) {
          throw new IllegalStateException(
              "revision " + revision + " already serves " + t.percent() + "% in " + map);
        }
      } else {
        out.add(t);
      }
    }
    return new TrafficMap(out);
  }

  /**
   * {@code map} plus a 0% entry for {@code candidate} tagged {@code tag}. Cloud Run tags are unique per
   * service, so an older entry holding {@code tag} loses it (a 0% tag-only entry is dropped).
   */
  public static TrafficMap withCandidate(TrafficMap map, String candidate, String tag) {
    List<TrafficTarget> out = new ArrayList<>();
    for (TrafficTarget t : map.targets()) {
      if (tag != null && tag.equals(t.tag())) {
        if (t.percent() > 0) {
          out.add(t.withTag(null));
        }
      } else {
        out.add(t);
      }
    }
    out.add(new TrafficTarget(candidate, false, 0, tag));
    return new TrafficMap(out);
  }

  /**
   * The map after promotion: {@code candidate} at 100% without a tag, then every other tagged entry of
   * {@code current} kept at 0% (its tag URL keeps working); untagged entries and {@code candidateTag} go.
   */
  public static TrafficMap promoted(TrafficMap current, String candidate, String candidateTag) {
    List<TrafficTarget> out = new ArrayList<>();
    out.add(TrafficTarget.revision(candidate, 100));
    for (TrafficTarget t : current.targets()) {
      if (t.tag() != null && !Objects.equals(t.tag(), candidateTag)) {
        out.add(t.withPercent(0));
      }
    }
    return new TrafficMap(out);
  }

  /** The revisions serving traffic (percent &gt; 0), each once, in map order. LATEST entries excluded. */
  public static List<String> servingRevisions(TrafficMap map) {
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (TrafficTarget t : map.targets()) {
      if (!t.latest() && t.percent() > 0) {
        out.add(t.revision());
      }
    }
    return List.copyOf(out);
  }
}
