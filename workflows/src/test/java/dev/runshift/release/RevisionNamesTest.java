package dev.runshift.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RevisionNamesTest {
  private static final String DNS_LABEL = "[a-z]([a-z0-9-]*[a-z0-9])?";

  @Test
  void nameIsServiceRsAndEightHexOfTheReleaseIdHash() {
    String name = RevisionNames.candidate("checkout", "r-1");
    assertTrue(name.matches("checkout-rs-[0-9a-f]{8}"), name);
    assertEquals(name, RevisionNames.candidate("checkout", "r-1"));
    assertNotEquals(name, RevisionNames.candidate("checkout", "r-2"));
  }

  @Test
  void knownValue() {
    // echo -n release-42 | sha256sum -> 717e81e2c69e106a...
    assertEquals("checkout-rs-717e81e2", RevisionNames.candidate("checkout", "release-42"));
  }

  @Test
  void aServiceOfMaximumCloudRunLengthFits() {
    String service = "s" + "a".repeat(48);
    String name = RevisionNames.candidate(service, "r");
    assertTrue(name.startsWith(service + "-"), name);
    assertTrue(name.length() <= 63);
    assertTrue(name.matches(DNS_LABEL));
  }

  @Test
  void anOverlongServiceIsCutSoTheNameStaysADnsLabel() {
    String service = "s" + "a".repeat(62);
    String name = RevisionNames.candidate(service, "r");
    assertEquals(63, name.length());
    assertTrue(name.startsWith(service.substring(0, 51) + "-rs-"), name);
    assertTrue(name.matches(DNS_LABEL));
  }

  @Test
  void emptyInputsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> RevisionNames.candidate("", "r"));
    assertThrows(IllegalArgumentException.class, () -> RevisionNames.candidate("svc", ""));
  }
}
