package dev.runshift.fleet;

/** Pure helpers for container image references ({@code host/path:tag}, {@code host/path@sha256:…}). */
public final class ImageNames {
  private ImageNames() {}

  /** True for a reference pinned by digest ({@code …@sha256:…}). */
  public static boolean isDigest(String image) {
    return image != null && image.contains("@sha256:");
  }

  /**
   * The repository of {@code image}: without its digest or tag ({@code host:port/path} keeps its port).
   * Null for null.
   */
  public static String repository(String image) {
    if (image == null) {
      return null;
    }
    String ref = image;
    int at = ref.indexOf('@');
    if (at >= 0) {
      ref = ref.substring(0, at);
    }
    int colon = ref.lastIndexOf(':');
    if (colon > ref.lastIndexOf('/')) {
      ref = ref.substring(0, colon);
    }
    return ref;
  }
}
