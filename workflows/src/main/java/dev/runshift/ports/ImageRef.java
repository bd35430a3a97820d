package dev.runshift.ports;

import java.util.regex.Pattern;

/**
 * The one rule for container image references, used by the workflows, the activities, the trigger, the
 * CLI and the config. A reference split into repository, tag and digest:
 * {@code europe-west1-docker.pkg.dev/p/r/app:v1@sha256:…} has repository
 * {@code europe-west1-docker.pkg.dev/p/r/app}, tag {@code v1} and the digest. A registry port
 * ({@code localhost:5000/app}) is part of the repository, not a tag.
 *
 * @param tag null when the reference has none
 * @param digest {@code sha256:<64 hex>}, or null when the reference has none
 */
public record ImageRef(String repository, String tag, String digest) {

  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

  /** Parses {@code reference}; throws {@link IllegalArgumentException} saying what is wrong. */
  public static ImageRef parse(String reference) {
    if (reference == null || reference.isBlank()) {
      throw new IllegalArgumentException("empty image reference");
    }
    if (!reference.equals(reference.strip()) || reference.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("image reference contains whitespace: \"" + reference + "\"");
    }
    String rest = reference;
    String digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
      if (!isDigest(digest)) {
        throw new IllegalArgumentException("\"" + digest + "\" is not a sha256 digest in " + reference);
      }
    }
    String tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
      if (tag.isEmpty()) {
        throw new IllegalArgumentException("empty tag in " + reference);
      }
    }
    if (rest.isEmpty() || rest.startsWith("/") || rest.endsWith("/") || rest.contains("//")) {
      throw new IllegalArgumentException("\"" + reference + "\" has no valid repository");
    }
    return new ImageRef(rest, tag, digest);
  }

  /**
   * Whether {@code reference} is a valid reference pinned by digest ({@code repository[:tag]@sha256:<64
   * hex>}): what Runshift deploys, never a tag alone.
   */
  public static boolean isPinned(String reference) {
    try {
      return parse(reference).digest() != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The repository of {@code reference}, or null when it is null or not a valid reference. */
  public static String repositoryOf(String reference) {
    try {
      return reference == null ? null : parse(reference).repository();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Whether {@code text} is {@code sha256:} followed by 64 lowercase hex digits. */
  public static boolean isDigest(String text) {
    return text != null && DIGEST.matcher(text).matches();
  }

  /** The tag as a registry sees it: an untagged push is {@code latest}. */
  public String effectiveTag() {
    return tag == null ? "latest" : tag;
  }

  /** {@code repository@digest}: the immutable reference a release deploys. */
  public String byDigest() {
    if (digest == null) {
      throw new IllegalStateException(repository + " has no digest");
    }
    return repository + "@" + digest;
  }

  public ImageRef withDigest(String newDigest) {
    return new ImageRef(repository, tag, newDigest);
  }
}
