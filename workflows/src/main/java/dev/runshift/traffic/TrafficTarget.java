package dev.runshift.traffic;

/**
 * One entry of a Cloud Run service's traffic: a revision (or LATEST, when {@code latest} is true and
 * {@code revision} is null), its percent, and an optional tag. A tag-only entry has 0 percent.
 */
public record TrafficTarget(String revision, boolean latest, int percent, String tag) {

  public TrafficTarget {
    if (latest == (revision != null)) {
      throw new IllegalArgumentException("a traffic target names a revision or LATEST, not both or neither");
    }
    if (percent < 0 || percent > 100) {
      throw new IllegalArgumentException("traffic percent must be 0..100, was " + percent);
    }
    if (tag != null && tag.isEmpty()) {
      tag = null;
    }
  }

  public static TrafficTarget revision(String revision, int percent) {
    return new TrafficTarget(revision, false, percent, null);
  }

  public static TrafficTarget tagged(String revision, int percent, String tag) {
    return new TrafficTarget(revision, false, percent, tag);
  }

  public static TrafficTarget latest(int percent) {
    return new TrafficTarget(null, true, percent, null);
  }

  public TrafficTarget withPercent(int newPercent) {
    return new TrafficTarget(revision, latest, newPercent, tag);
  }

  public TrafficTarget withTag(String newTag) {
    return new TrafficTarget(revision, latest, percent, newTag);
  }

  @Override
  public String toString() {
    return (latest ? "LATEST" : revision) + "=" + percent + "%" + (tag == null ? "" : "(" + tag + ")");
  }
}
