package dev.runshift.trigger;

import java.util.List;

/** What one Cloud Build notification means for Runshift. */
public sealed interface Notification {

  /** A successful build with at least one routed image: start these releases and fleet redeploys. */
  record Routes(
      String buildId, List<RoutedRelease> releases, List<String> unroutedImages, List<RoutedFleet> fleets)
      implements Notification {
    public Routes {
      releases = List.copyOf(releases);
      unroutedImages = List.copyOf(unroutedImages);
      fleets = fleets == null ? List.of() : List.copyOf(fleets);
    }

    public Routes(String buildId, List<RoutedRelease> releases, List<String> unroutedImages) {
      this(buildId, releases, unroutedImages, List.of());
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
