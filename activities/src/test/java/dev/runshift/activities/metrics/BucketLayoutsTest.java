package dev.runshift.activities.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.Distribution.BucketOptions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BucketLayoutsTest {

  private static BucketOptions exponential(int n, double growth, double scale) {
    return BucketOptions.newBuilder()
        .setExponentialBuckets(BucketOptions.Exponential.newBuilder()
            .setNumFiniteBuckets(n).setGrowthFactor(growth).setScale(scale))
        .build();
  }

  private static BucketOptions linear(int n, double width, double offset) {
    return BucketOptions.newBuilder()
        .setLinearBuckets(BucketOptions.Linear.newBuilder().setNumFiniteBuckets(n).setWidth(width).setOffset(offset))
        .build();
  }

  private static BucketOptions explicit(Double... bounds) {
    return BucketOptions.newBuilder()
        .setExplicitBuckets(BucketOptions.Explicit.newBuilder().addAllBounds(List.of(bounds)))
        .build();
  }

  @Test
  void exponentialHasNPlusOneBoundsScaleTimesGrowthToTheI() {
    assertEquals(Optional.of(List.of(2.0, 4.0, 8.0, 16.0)), BucketLayouts.bounds(exponential(3, 2, 2)));
    List<Double> cloudRun = BucketLayouts.bounds(exponential(100, 1.4, 1)).orElseThrow();
    assertEquals(101, cloudRun.size());
    assertEquals(1.0, cloudRun.get(0));
    assertEquals(Math.pow(1.4, 100), cloudRun.get(100), 1e-6 * Math.pow(1.4, 100));
  }

  @Test
  void linearHasNPlusOneBoundsOffsetPlusWidthTimesI() {
    assertEquals(Optional.of(List.of(-5.0, 5.0, 15.0)), BucketLayouts.bounds(linear(2, 10, -5)));
  }

  @Test
  void explicitIsItsBoundsAndWithoutBoundsHasNoHistogram() {
    assertEquals(Optional.of(List.of(1.0, 2.5, 10.0)), BucketLayouts.bounds(explicit(1.0, 2.5, 10.0)));
    assertEquals(Optional.empty(), BucketLayouts.bounds(explicit()));
    assertEquals(Optional.empty(), BucketLayouts.bounds(BucketOptions.getDefaultInstance()));
  }

  @Test
  void optionsMonitoringWouldRejectAreInvalid() {
    assertThrows(IllegalArgumentException.class, () -> BucketLayouts.bounds(exponential(0, 2, 1)));
    assertThrows(IllegalArgumentException.class, () -> BucketLayouts.bounds(exponential(3, 1, 1)));
    assertThrows(IllegalArgumentException.class, () -> BucketLayouts.bounds(exponential(3, 2, 0)));
    assertThrows(IllegalArgumentException.class, () -> BucketLayouts.bounds(linear(3, 0, 0)));
    assertThrows(IllegalArgumentException.class, () -> BucketLayouts.bounds(explicit(1.0, 1.0)));
    assertThrows(IllegalArgumentException.class, () -> BucketLayouts.bounds(explicit(2.0, 1.0)));
  }

  @Test
  void describeNamesTheKindAndParameters() {
    assertTrue(BucketLayouts.describe(exponential(100, 1.4, 1)).startsWith("exponential(100 finite"));
    assertTrue(BucketLayouts.describe(linear(2, 10, -5)).startsWith("linear(2 finite"));
    assertEquals("explicit([1.0, 2.0])", BucketLayouts.describe(explicit(1.0, 2.0)));
  }
}
