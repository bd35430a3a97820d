package dev.runshift.simulator.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Which rule wins for an image on a service, and error bursts over time. */
class ImageBehavioursTest {
  private static final String S = "projects/p/locations/r/services/s";
  private static final String T = "projects/p/locations/r/services/t";
  private static final String IMG = "repo/app@sha256:1";

  private static ImageBehaviour rate(double r) {
    return ImageBehaviour.healthy().withErrorRate(r);
  }

  @Test
  void serviceRulesWinOverGlobalOnesOnTheirServiceOnly() {
    ImageBehaviours images = new ImageBehaviours();
    assertEquals(ImageBehaviour.healthy(), images.of(S, IMG), "nothing set: healthy");
    images.setPattern("repo/.*", rate(0.1));
    assertEquals(0.1, images.of(S, IMG).errorRate(), "a global pattern");
    images.set(IMG, rate(0.2));
    assertEquals(0.2, images.of(S, IMG).errorRate(), "a global exact rule beats a global pattern");
    images.setPattern(S, ".*@sha256:.*", rate(0.3));
    assertEquals(0.3, images.of(S, IMG).errorRate(), "any rule of the service beats the global ones");
    images.set(S, IMG, rate(0.4));
    assertEquals(0.4, images.of(S, IMG).errorRate(), "the service's exact rule first");
    assertEquals(0.2, images.of(T, IMG).errorRate(), "another service keeps the global rule");
    assertEquals(0.2, images.of(IMG).errorRate(), "so does the global lookup");
    images.set(S, IMG, rate(0.5));
    assertEquals(0.5, images.of(S, IMG).errorRate(), "setting again replaces");
    images.setPattern(S, ".*:1", rate(0.6));
    images.set(S, IMG, rate(0.7));
    assertEquals(0.7, images.of(S, IMG).errorRate());
    assertEquals(0.6, images.of(S, "other:1").errorRate(), "the newest of the service's patterns");
    assertEquals(0.1, images.of(T, "repo/other:1").errorRate());
  }

  @Test
  void burstsOverrideTheRateInTheirWindowTheLastAddedWinning() {
    ImageBehaviours images = new ImageBehaviours();
    images.set(IMG, rate(0.01));
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    images.addErrorBurst(ErrorBurst.ofService(S, t.plusSeconds(10), t.plusSeconds(20), 0.5));
    images.addErrorBurst(new ErrorBurst(S, IMG, t.plusSeconds(15), t.plusSeconds(30), 0.9));
    assertEquals(0.01, images.errorRate(S, IMG, t.plusSeconds(9)));
    assertEquals(0.5, images.errorRate(S, IMG, t.plusSeconds(10)), "from is inclusive");
    assertEquals(0.9, images.errorRate(S, IMG, t.plusSeconds(15)), "the later burst wins");
    assertEquals(0.9, images.errorRate(S, IMG, t.plusSeconds(29)));
    assertEquals(0.01, images.errorRate(S, IMG, t.plusSeconds(30)), "to is exclusive");
    assertEquals(0.5, images.errorRate(S, "other", t.plusSeconds(16)), "the service burst covers other images");
    assertEquals(0.01, images.errorRate(T, IMG, t.plusSeconds(16)), "neither covers another service");
    assertEquals(2, images.profile(S, IMG).bursts().size());
    assertEquals(1, images.profile(S, "other").bursts().size());
  }

  @Test
  void badBehavioursAndBurstsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> rate(1.01));
    assertThrows(IllegalArgumentException.class, () -> rate(-0.01));
    assertThrows(IllegalArgumentException.class, () -> ImageBehaviour.healthy().withLatency(0, 10));
    assertThrows(IllegalArgumentException.class, () -> ImageBehaviour.healthy().withLatency(100, 99));
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    assertThrows(IllegalArgumentException.class, () -> ErrorBurst.ofService(S, t, t, 0.5), "from >= to");
    assertThrows(IllegalArgumentException.class, () -> ErrorBurst.ofService(S, t.plusSeconds(1), t, 0.5));
    assertThrows(IllegalArgumentException.class, () -> ErrorBurst.ofService(S, t, t.plusSeconds(1), 1.5));
    assertThrows(IllegalArgumentException.class, () -> new ErrorBurst(null, null, t, t.plusSeconds(1), 0.5));
  }
}
