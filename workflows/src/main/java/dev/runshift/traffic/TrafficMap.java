package dev.runshift.traffic;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A service's whole traffic configuration, in Cloud Run's order. Percents of a non-empty map sum to 100.
 * Two maps are equal when they hold the same entries in the same order, which is how Cloud Run
 * compares them too.
 */
public record TrafficMap(List<TrafficTarget> targets) {

  public TrafficMap {
    targets = List.copyOf(Objects.requireNonNull(targets, "targets"));
    int sum = targets.stream().mapToInt(TrafficTarget::percent).sum();
    if (!targets.isEmpty() && sum != 100) {
      throw new IllegalArgumentException("traffic percents must sum to 100, were " + sum + " in " + targets);
    }
  }

  public static TrafficMap of(TrafficTarget... targets) {
    return new TrafficMap(List.of(targets));
  }

  /** The percent routed to {@code revision} (by name; LATEST entries are not counted). */
  public int percentOf(String revision) {
    return targets.stream()
        .filter(t -> revision.equals(t.revision()))
        .mapToInt(TrafficTarget::percent)
        .sum();
  }

  /** The entry carrying {@code tag}, if any. */
  public Optional<TrafficTarget> byTag(String tag) {
    return targets.stream().filter(t -> tag.equals(t.tag())).findFirst();
  }

  @Override
  public String toString() {
    return targets.toString();
  }
}
