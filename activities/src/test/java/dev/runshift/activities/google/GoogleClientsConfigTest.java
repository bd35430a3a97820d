package dev.runshift.activities.google;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GoogleClientsConfigTest {

  @Test
  void googleByDefaultLocalWhenTheEnvironmentNamesAnEndpoint() {
    assertFalse(GoogleClientsConfig.fromEnvironment(Map.of()).isLocalEndpoint());
    GoogleClientsConfig local = GoogleClientsConfig.fromEnvironment(Map.of("RUNSHIFT_GOOGLE_ENDPOINT", "localhost:8085"));
    assertTrue(local.isLocalEndpoint());
    assertEquals("localhost:8085", local.endpoint());
    assertThrows(IllegalArgumentException.class,
        () -> GoogleClientsConfig.fromEnvironment(Map.of("RUNSHIFT_GOOGLE_ENDPOINT", "http://localhost")));
  }

  @Test
  void pollingGrowsByTheMultiplierUpToTheCap() {
    LroPolling p = LroPolling.deploy();
    assertEquals(Duration.ofSeconds(1), p.delayBefore(0));
    assertEquals(Duration.ofMillis(1500), p.delayBefore(1));
    assertEquals(Duration.ofSeconds(10), p.delayBefore(20));
    var retry = p.toPollAlgorithm().createFirstAttempt().getGlobalSettings();
    assertEquals(Duration.ofSeconds(1), retry.getInitialRetryDelayDuration());
    assertEquals(LroPolling.CLIENT_TOTAL_TIMEOUT, retry.getTotalTimeoutDuration());
  }
}
