package dev.runshift.simulator.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.Distribution;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyDistributionsTest {

  @Test
  void bucketsHoldEveryRequestAndGiveBackTheModelPercentiles() {
    Distribution d = LatencyDistributions.of(10_000, 40, 200);
    assertEquals(10_000, d.getBucketCountsList().stream().mapToLong(Long::longValue).sum());
    for (double q : new double[] {0.5, 0.95, 0.99}) {
      double model = LatencyDistributions.modelPercentile(40, 200, q);
      double read = LatencyDistributions.percentile(d, q);
      assertTrue(Math.abs(read - model) / model < 0.05, q + ": model " + model + " read " + read);
    }
    assertEquals(40, LatencyDistributions.modelPercentile(40, 200, 0.5), 0.01);
    assertEquals(200, LatencyDistributions.modelPercentile(40, 200, 0.99), 0.5);
  }

  @Test
  void mergeAddsCountsAndPoolsMeans() {
    Distribution a = LatencyDistributions.of(300, 40, 200);
    Distribution b = LatencyDistributions.of(100, 400, 2000);
    Distribution m = LatencyDistributions.merge(List.of(a, b));
    assertEquals(400, m.getCount());
    assertEquals((a.getMean() * 300 + b.getMean() * 100) / 400, m.getMean(), 1e-9);
    assertTrue(LatencyDistributions.percentile(m, 0.99) > LatencyDistributions.percentile(a, 0.99));
    assertEquals(0, LatencyDistributions.merge(List.of()).getCount());
    assertTrue(Double.isNaN(LatencyDistributions.percentile(LatencyDistributions.of(0, 40, 200), 0.5)));
  }
}
