package dev.runshift.ports;

import java.util.Optional;

/**
 * What Cloud Build itself has on record about a build. A Pub/Sub notification is only a claim (anyone
 * allowed to publish to the topic can write one); this is what the trigger checks it against.
 */
public interface BuildRecords {

  /**
   * Build {@code buildId} of {@code project} as Cloud Build has it, or empty when Cloud Build has no such
   * build. Any other failure (unreachable, no permission) throws, so the caller can try again later.
   *
   * @param location the build's region, or null for a global build
   */
  Optional<RecordedBuild> find(String project, String location, String buildId);
}
