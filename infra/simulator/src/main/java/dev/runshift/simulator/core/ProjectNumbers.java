package dev.runshift.simulator.core;

/**
 * The project number the simulator reports for a project id: a stable 12-digit number derived from the
 * id, so URLs and quota messages look like Google Cloud's and never change between runs.
 */
public final class ProjectNumbers {
  private ProjectNumbers() {}

  public static long of(String projectId) {
    long h = 1125899906842597L;
    for (int i = 0; i < projectId.length(); i++) {
      h = 31 * h + projectId.charAt(i);
    }
    h ^= (h >>> 29);
    return 100_000_000_000L + Math.floorMod(h, 900_000_000_000L);
  }
}
