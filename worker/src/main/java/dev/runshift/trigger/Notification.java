package dev.runshift.trigger;

import java.util.List;

/** What one Cloud Build notification means for Runshift. */
public sealed interface Notification {

  /**
   * A successful build with at least one routed image: start these releases and fleet redeploys, once
   * Cloud Build confirms the claim ({@link BuildConfirmer}).
   *
   * @param project the project the build ran in
   * @param location the build's region, or null for a global build
   */
  record Routes(
      String buildId, List<RoutedRelease> releases, List<String> unroutedImages, List<RoutedFleet> fleets,
      String project, String location)
      implements Notification {
    public Routes {
      releases = List.copyOf(releases);
      unroutedImages = List.copyOf(unroutedImages);
      fleets = fleets == null ? List.of() : List.copyOf(fleets);
    }

    public Routes(String buildId, List<RoutedRelease> releases, List<String> unroutedImages) {
      this(buildId, releases, unroutedImages, List.of(), null, null);
    }

    /** Every image the notification says the build pushed and that would be released, by digest. */
    public List<String> claimedImages() {
      return java.util.stream.Stream.concat(releases.stream().map(RoutedRelease::image),
              fleets.stream().map(RoutedFleet::image))
          .distinct()
          .toList();
    }
  }

  /** A well-formed notification that asks for nothing (not SUCCESS, no images, no route). */
  record Ignore(String reason, List<String> unroutedImages) implements Notification {
    public Ignore {
      unroutedImages = List.copyOf(unroutedImages);
    }
  }

  /** Not a usable Cloud Build notification; {@code reason} says exactly what is wrong. */
  record Malformed(String reason) implements Notification {}
}
