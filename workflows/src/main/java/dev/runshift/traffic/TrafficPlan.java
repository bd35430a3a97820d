package dev.runshift.traffic;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * Pure traffic planning, the one home of every traffic-map rule: the map a deploy writes, each step's
 * map, the promoted map, and LATEST resolution. Deterministic for equal inputs, so the workflow computes
 * the maps inline and the activities (and test fakes) apply exactly these maps.
 */
public final class TrafficPlan {
  private TrafficPlan() {}

  /**
   * The map that gives {@code candidateRevision} exactly {@code percent}, from {@code current}.
   *
   * <ul>
   *   <li>The candidate's first entry (the one tagged {@code candidateTag} if there is one) gets
   *       {@code percent} and {@code candidateTag}; it is appended at the end when {@code current} has no
   *       candidate entry (e.g. after a rollback removed it). Any further candidate entry keeps its tag
   *       at 0%, or is dropped when untagged.
   *   <li>The stable entries (non-candidate entries with traffic in {@code current}) share
   *       {@code 100 - percent} in proportion to their current percents, rounded by largest remainder
   *       (ties to the earlier entry), so the sum is exactly 100. A stable entry rounded to 0% keeps its
   *       place when tagged and is dropped when untagged.
   *   <li>Every other entry (tagged or pinned 0% entries) is kept unchanged, in place.
   * </ul>
   *
   * @throws IllegalArgumentException if {@code percent} is outside 0..100; if a LATEST entry carries
   *     traffic (the deploy step resolves LATEST to a concrete revision, so a plan never moves traffic
   *     from or to LATEST); if another revision holds {@code candidateTag}; or if less than 100% goes to
   *     the candidate but no stable entry is left to carry the rest
   */
  public static TrafficMap plan(
      TrafficMap current, String candidateRevision, String candidateTag, int percent) {
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(candidateRevision, "candidateRevision");
    Objects.requireNonNull(candidateTag, "candidateTag");
    if (percent < 0 || percent > 100) {
      throw new IllegalArgumentException("candidate percent must be 0..100, was " + percent);
    }
    List<TrafficTarget> targets = current.targets();
    for (TrafficTarget target : targets) {
      if (target.latest() && target.percent() > 0) {
        throw new IllegalArgumentException(
            "traffic routes " + target.percent() + "% to LATEST; resolve it to a revision before planning: "
                + current);
      }
      if (candidateTag.equals(target.tag()) && !candidateRevision.equals(target.revision())) {
        throw new IllegalArgumentException(
            "tag '" + candidateTag + "' is held by " + target + ", not by candidate " + candidateRevision);
      }
    }
    int candidateIndex = candidateIndex(targets, candidateRevision, candidateTag);
    int[] stableShares = stableShares(targets, candidateRevision, 100 - percent);

    List<TrafficTarget> next = new ArrayList<>(targets.size() + 1);
    for (int i = 0; i < targets.size(); i++) {
      TrafficTarget target = targets.get(i);
      if (i == candidateIndex) {
        next.add(new TrafficTarget(candidateRevision, false, percent, candidateTag));
      } else if (candidateRevision.equals(target.revision())) {
        keepTagOnly(next, target);
      } else if (target.percent() > 0) {
        TrafficTarget stable = target.withPercent(stableShares[i]);
        if (stable.percent() > 0) {
          next.add(stable);
        } else {
          keepTagOnly(next, stable);
        }
      } else {
        next.add(target);
      }
    }
    if (candidateIndex < 0) {
      next.add(new TrafficTarget(candidateRevision, false, percent, candidateTag));
    }
    return new TrafficMap(next);
  }

  /**
   * The map after promotion: {@code candidateRevision} serves 100% without a tag, in place of its entry
   * (appended when it has none); every other tagged entry except {@code candidateTag} is kept in place as
   * a 0% entry; untagged entries are dropped.
   */
  public static TrafficMap promoted(TrafficMap current, String candidateRevision, String candidateTag) {
    Objects.requireNonNull(current, "current");
    List<TrafficTarget> targets = current.targets();
    int candidateIndex = candidateIndex(targets, candidateRevision, candidateTag);
    List<TrafficTarget> next = new ArrayList<>(targets.size() + 1);
    for (int i = 0; i < targets.size(); i++) {
      TrafficTarget target = targets.get(i);
      if (i == candidateIndex) {
        next.add(TrafficTarget.revision(candidateRevision, 100));
      } else if (target.tag() != null && !target.tag().equals(candidateTag)) {
        next.add(target.withPercent(0));
      }
    }
    if (candidateIndex < 0) {
      next.add(TrafficTarget.revision(candidateRevision, 100));
    }
    return new TrafficMap(next);
  }

  /**
   * The map with every LATEST entry pinned to {@code latestReadyRevision} (tags and percents kept): after
   * a deploy, LATEST would silently mean the candidate.
   *
   * @throws IllegalStateException if the map routes to LATEST but the service has no ready revision
   */
  public static TrafficMap resolveLatest(TrafficMap map, String latestReadyRevision) {
    List<TrafficTarget> resolved = new ArrayList<>(map.targets().size());
    for (TrafficTarget target : map.targets()) {
      if (!target.latest()) {
        resolved.add(target);
      } else if (latestReadyRevision == null || latestReadyRevision.isEmpty()) {
        throw new IllegalStateException("traffic routes to LATEST but the service has no ready revision");
      } else {
        resolved.add(new TrafficTarget(latestReadyRevision, false, target.percent(), target.tag()));
      }
    }
    return new TrafficMap(resolved);
  }

  /**
   * {@code map} without its entries for {@code revision}, which must all be 0%: what served before a
   * deploy whose 0% candidate entry is already in place (a retried deploy finds its own entry).
   *
   * @throws IllegalStateException if {@code revision} already serves traffic
   */
  public static TrafficMap withoutZeroEntriesOf(TrafficMap map, String revision) {
    List<TrafficTarget> out = new ArrayList<>();
    for (TrafficTarget target : map.targets()) {
      if (!revision.equals(target.revision())) {
        out.add(target);
      } else if (target.percent() != 0) {
        throw new IllegalStateException(
            "revision " + revision + " already serves " + target.percent() + "% in " + map);
      }
    }
    return new TrafficMap(out);
  }

  /**
   * The map a deploy writes: {@code map} plus a 0% entry for {@code candidate} tagged {@code tag}, appended
   * at the end. Cloud Run tags are unique per service, so an older entry holding {@code tag} loses it (an
   * entry left with neither traffic nor tag is dropped).
   */
  public static TrafficMap withCandidate(TrafficMap map, String candidate, String tag) {
    List<TrafficTarget> out = new ArrayList<>(map.targets().size() + 1);
    for (TrafficTarget target : map.targets()) {
      if (tag == null || !tag.equals(target.tag())) {
        out.add(target);
      } else if (target.percent() > 0) {
        out.add(target.withTag(null));
      }
    }
    out.add(new TrafficTarget(candidate, false, 0, tag));
    return new TrafficMap(out);
  }

  /** The revisions serving traffic (percent &gt; 0), each once, in map order; LATEST entries excluded. */
  public static List<String> servingRevisions(TrafficMap map) {
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (TrafficTarget target : map.targets()) {
      if (!target.latest() && target.percent() > 0) {
        out.add(target.revision());
      }
    }
    return List.copyOf(out);
  }

  private static int candidateIndex(List<TrafficTarget> targets, String candidate, String tag) {
    int first = -1;
    for (int i = 0; i < targets.size(); i++) {
      TrafficTarget target = targets.get(i);
      if (candidate.equals(target.revision())) {
        if (tag.equals(target.tag())) {
          return i;
        }
        if (first < 0) {
          first = i;
        }
      }
    }
    return first;
  }

  /** Largest-remainder shares of {@code total} over the non-candidate entries with traffic. */
  private static int[] stableShares(List<TrafficTarget> targets, String candidate, int total) {
    int[] shares = new int[targets.size()];
    long weightSum = 0;
    for (TrafficTarget target : targets) {
      if (!candidate.equals(target.revision())) {
        weightSum += target.percent();
      }
    }
    if (total == 0) {
      return shares;
    }
    if (weightSum == 0) {
      throw new IllegalArgumentException(
          "no stable revision serves traffic to carry the remaining " + total + "%: " + targets);
    }
    long[] remainders = new long[targets.size()];
    int assigned = 0;
    for (int i = 0; i < targets.size(); i++) {
      TrafficTarget target = targets.get(i);
      if (candidate.equals(target.revision()) || target.percent() == 0) {
        remainders[i] = -1;
        continue;
      }
      long exact = (long) total * target.percent();
      shares[i] = (int) (exact / weightSum);
      remainders[i] = exact % weightSum;
      assigned += shares[i];
    }
    for (int left = total - assigned; left > 0; left--) {
      int best = -1;
      for (int i = 0; i < remainders.length; i++) {
        if (remainders[i] >= 0 && (best < 0 || remainders[i] > remainders[best])) {
          best = i;
        }
      }
      shares[best]++;
      remainders[best] = -1; // each entry gets at most one extra percent
    }
    return shares;
  }

  private static void keepTagOnly(List<TrafficTarget> next, TrafficTarget target) {
    if (target.tag() != null) {
      next.add(target.withPercent(0));
    }
  }
}
