package dev.runshift.trigger;

import java.util.List;

/** What one Cloud Build notification means for Runshift. */
public sealed interface Notification {

  /** A successful build with at least one routed image: start these releases. */
  record Routes(String buildId, List<RoutedRelease> releases, List<String> unroutedImages)
      implements Notification {
    public Routes {
      releases = List.copyOf(releases);
      unroutedImages = List.copyOf(unroutedImages);
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
