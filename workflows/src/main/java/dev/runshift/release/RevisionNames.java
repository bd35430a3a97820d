package dev.runshift.release;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The candidate revision name of a release: {@code <service>-rs-<8 hex>}, where the hex are the first
 * eight of the SHA-256 of the release id. The same release always gets the same name (so a retried
 * deploy finds its revision), it is a DNS label of at most 63 characters, and it starts with the
 * service name and '-' as Cloud Run requires (a service name too long to fit is cut, which only happens
 * for names longer than Cloud Run allows).
 */
public final class RevisionNames {
  public static final int MAX_LENGTH = 63;
  private static final String INFIX = "-rs-";
  private static final int HASH_HEX = 8;

  private RevisionNames() {}

  public static String candidate(String service, String releaseId) {
    if (service == null || service.isEmpty()) {
      throw new IllegalArgumentException("service name is empty");
    }
    if (releaseId == null || releaseId.isEmpty()) {
      throw new IllegalArgumentException("release id is empty");
    }
    String suffix = INFIX + hash(releaseId);
    String prefix = service.length() + suffix.length() > MAX_LENGTH
        ? service.substring(0, MAX_LENGTH - suffix.length())
        : service;
    return prefix + suffix;
  }

  private static String hash(String releaseId) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(releaseId.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, HASH_HEX);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }
}
