package dev.runshift.ports;

import java.util.List;

/**
 * A build as Cloud Build records it.
 *
 * @param id the build id
 * @param status the status name ({@code SUCCESS}, {@code WORKING}, {@code FAILURE}…)
 * @param images the images in the build's results: each pushed name and its digest
 */
public record RecordedBuild(String id, String status, List<Image> images) {
  public RecordedBuild {
    images = List.copyOf(images);
  }

  /** An image in the build's results: the name it was pushed as and the digest pushed. */
  public record Image(String name, String digest) {}
}
