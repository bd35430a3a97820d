package dev.runshift.trigger;

import dev.runshift.ports.ImageRef;
import dev.runshift.ports.BuildRecords;
import dev.runshift.ports.RecordedBuild;
import java.util.Optional;

/**
 * Confirms a notification with Cloud Build's own record of the build ({@code GetBuild}): it is released
 * only if Cloud Build has that build in that project, says it succeeded, and lists in its results every
 * image the notification would release, same repository and same digest.
 */
public final class CloudBuildConfirmation implements BuildConfirmer {
  private final BuildRecords records;

  public CloudBuildConfirmation(BuildRecords records) {
    this.records = records;
  }

  @Override
  public Optional<String> refusal(Notification.Routes claim) {
    return refusal(claim, records.find(claim.project(), claim.location(), claim.buildId()));
  }

  /** Why {@code record} (empty: Cloud Build has no such build) does not back {@code claim}, if it does not. */
  static Optional<String> refusal(Notification.Routes claim, Optional<RecordedBuild> record) {
    if (record.isEmpty()) {
      return Optional.of("Cloud Build has no build " + claim.buildId() + " in project " + claim.project()
          + (claim.location() == null ? "" : " (" + claim.location() + ")"));
    }
    RecordedBuild build = record.get();
    if (!"SUCCESS".equals(build.status())) {
      return Optional.of("the notification says SUCCESS but Cloud Build says the build is " + build.status());
    }
    for (String image : claim.claimedImages()) {
      if (!pushed(build, ImageRef.parse(image))) {
        return Optional.of("Cloud Build's results for the build do not contain " + image);
      }
    }
    return Optional.empty();
  }

  private static boolean pushed(RecordedBuild build, ImageRef claimed) {
    for (RecordedBuild.Image image : build.images()) {
      if (image.digest().equals(claimed.digest()) && sameRepository(image.name(), claimed)) {
        return true;
      }
    }
    return false;
  }

  private static boolean sameRepository(String name, ImageRef claimed) {
    try {
      return ImageRef.parse(name).repository().equals(claimed.repository());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
