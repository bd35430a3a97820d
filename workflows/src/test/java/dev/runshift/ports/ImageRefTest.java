package dev.runshift.ports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageRefTest {
  static final String DIGEST = "sha256:" + "ab".repeat(32);

  @Test
  void splitsRepositoryTagAndDigest() {
    ImageRef ref = ImageRef.parse("europe-west1-docker.pkg.dev/acme/apps/checkout:v1.2@" + DIGEST);
    assertEquals("europe-west1-docker.pkg.dev/acme/apps/checkout", ref.repository());
    assertEquals("v1.2", ref.tag());
    assertEquals(DIGEST, ref.digest());
    assertEquals("europe-west1-docker.pkg.dev/acme/apps/checkout@" + DIGEST, ref.byDigest());
  }

  @Test
  void aRegistryPortIsNotATag() {
    ImageRef ref = ImageRef.parse("localhost:5000/app");
    assertEquals("localhost:5000/app", ref.repository());
    assertNull(ref.tag());
    assertEquals("latest", ref.effectiveTag());
    assertEquals("v2", ImageRef.parse("localhost:5000/app:v2").tag());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "app@sha256:abc", "app@md5:" + "a", "app:", "/app", "app/", "a//b",
      "app @sha256:x", "app@", "@sha256:" + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
  void rejectsMalformedReferences(String reference) {
    assertThrows(IllegalArgumentException.class, () -> ImageRef.parse(reference));
  }

  @Test
  void digestMustBeLowercaseSha256() {
    assertThrows(IllegalArgumentException.class, () -> ImageRef.parse("app@sha256:" + "AB".repeat(32)));
  }
}
