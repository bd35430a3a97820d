package dev.runshift.ports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class PrintableTextTest {

  @Test
  void controlAndFormatCharactersAreShownNotObeyed() {
    assertEquals("\\u001b[2J\\u001b[H", PrintableText.escape("\u001b[2J\u001b[H"));
    assertEquals("ok\\nPROMOTED by security team", PrintableText.escape("ok\nPROMOTED by security team"));
    assertEquals("a\\rb\\tc", PrintableText.escape("a\rb\tc"));
    assertEquals("\\u202egnp.exe", PrintableText.escape("\u202egnp.exe"));
    assertEquals("x\\u2028y", PrintableText.escape("x\u2028y"));
    assertEquals("back\\\\n", PrintableText.escape("back\\n"), "a literal backslash-n cannot pass for an escape");
  }

  @Test
  void ordinaryTextIsUnchanged() {
    assertEquals("héllo — 5% at 14:02, 日本", PrintableText.escape("héllo — 5% at 14:02, 日本"));
    assertNull(PrintableText.escape(null));
  }

  @Test
  void serviceNamesFollowCloudRunsRule() {
    assertNull(ServiceNames.problem("checkout"));
    assertNull(ServiceNames.problem("a"));
    assertNull(ServiceNames.problem("a-1"));
    assertNull(ServiceNames.problem("a".repeat(49)));
    for (String bad : new String[] {"", "Bad Name", "héllo", "a;rm -rf /", "-a", "a-", "1a", "a_b", "A"}) {
      assertEquals(true, ServiceNames.problem(bad) != null, bad);
    }
    assertEquals("\"" + "a".repeat(50) + "\" is 50 characters; a Cloud Run service name has at most 49",
        ServiceNames.problem("a".repeat(50)));
    assertEquals("\"x\\u001b[2J\" is not a Cloud Run service name: lowercase letters, digits and hyphens, starting"
        + " with a letter and not ending with a hyphen", ServiceNames.problem("x\u001b[2J"));
  }
}
