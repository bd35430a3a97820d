package dev.runshift.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({
    "30s, PT30S",
    "5m, PT5M",
    "1h30m, PT1H30M",
    "250ms, PT0.25S",
    "2d, PT48H",
    "1m30s, PT1M30S",
    "PT5M, PT5M",
    "pt10s, PT10S",
    "' 45s ', PT45S",
    "0s, PT0S"
  })
  void parsesShortAndIsoForms(String text, String iso) {
    assertEquals(Duration.parse(iso), Durations.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "5", "5 minutes", "m", "5x", "-5m", "1m1h", "PTx", "5M", "1.5m", "99999999999999999999d"})
  void rejectsWithAHint(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
    assertTrue(e.getMessage().contains("duration") || e.getMessage().contains("too long"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"30s", "5m", "1h30m", "250ms", "2d3h"})
  void formatRoundTrips(String text) {
    assertEquals(text, Durations.format(Durations.parse(text)));
  }
}
