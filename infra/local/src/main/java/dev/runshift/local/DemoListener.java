package dev.runshift.local;

import dev.runshift.release.ReleaseStatus;
import java.util.List;

/** What the demo tells whoever watches it. */
public interface DemoListener {
  /** A new part of the story begins. */
  void section(String title);

  /** Something the demo did or saw. */
  void note(String line);

  /** A release's status changed. */
  void progress(ReleaseStatus status);

  /** The demo is over. */
  void summary(List<DemoResult.Release> releases, boolean asExpected, List<String> problems);
}
