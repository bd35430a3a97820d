package dev.runshift.activities.cloudbuild;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Cloud Build tags that make builds findable by release: a retried step lists builds with its tag and
 * waits on the one an earlier attempt started. Tags are {@code rs-} plus 24 hex digits of a SHA-256, so
 * they always match Cloud Build's {@code ^[\w][\w.-]{0,127}$} whatever the release id holds, and they
 * double as the image's Docker tag.
 */
public final class BuildTags {
  private BuildTags() {}

  /** Marks every build Runshift starts, for humans filtering the Cloud Build history. */
  public static final String RUNSHIFT = "runshift";

  /** The tag of the image build of release {@code releaseId}. */
  public static String forBuild(String releaseId) {
    return "rs-" + hash(releaseId);
  }

  /** The tag of the artifact test run of release {@code releaseId}. */
  public static String forTest(String releaseId) {
    return "rs-" + hash(releaseId + "\u0000test");
  }

  private static String hash(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d).substring(0, 24);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
