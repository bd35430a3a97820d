package dev.runshift.simulator.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.Distribution;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

class LatencyDistributionsTest {
  private static UniformRandomProvider rng(long seed) {
    return RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {seed, 12345});
  }

  @Test
  void bucketProbabilitiesAreTheLognormalsAndSumToOne() {
    double[] p = LatencyDistributions.bucketProbabilities(40, 200);
    assertEquals(LatencyDistributions.BUCKET_COUNT, p.length);
    // bucket i holds [1.4^(i-1), 1.4^i) ms (bucket 0: below 1 ms): the cumulative sums are the lognormal's CDF
    NormalDistribution z = NormalDistribution.of(0, 1);
    double sigma = (Math.log(200) - Math.log(40)) / z.inverseCumulativeProbability(0.99);
    double cumulative = 0;
    for (int i = 0; i < p.length; i++) {
      assertTrue(p[i] >= 0);
      cumulative += p[i];
      double upper = i > LatencyDistributions.FINITE_BUCKETS ? Double.POSITIVE_INFINITY : Math.pow(1.4, i);
      assertEquals(z.cumulativeProbability((Math.log(upper) - Math.log(40)) / sigma), cumulative, 1e-12, "bucket " + i);
    }
    assertEquals(1, cumulative, 1e-12);
    assertEquals(40, LatencyDistributions.modelPercentile(40, 200, 0.5), 1e-9);
    assertEquals(200, LatencyDistributions.modelPercentile(40, 200, 0.99), 1e-6);
  }

  @Test
  void bucketsHoldEveryRequestAndGiveBackTheModelPercentiles() {
    // 100,000 requests, drawn bucket by bucket: the read percentiles are the model's within sampling noise
    // (well under 1% here) and the geometric interpolation inside a 40%-wide bucket (a few %)
    Distribution d = LatencyDistributions.sample(rng(1), 100_000, 40, 200);
    assertEquals(100_000, d.getCount());
    assertEquals(100_000, d.getBucketCountsList().stream().mapToLong(Long::longValue).sum());
    for (double q : new double[] {0.5, 0.95, 0.99}) {
      double model = LatencyDistributions.modelPercentile(40, 200, q);
      double read = LatencyDistributions.percentile(d, q);
      assertTrue(Math.abs(read - model) / model < 0.05, q + ": model " + model + " read " + read);
    }
    // the mean is the lognormal's, exp(mu + sigma^2 / 2), within sampling noise
    double sigma = Math.log(5) / 2.3263478740408408;
    double mean = 40 * Math.exp(sigma * sigma / 2);
    double sd = mean * Math.sqrt(Math.exp(sigma * sigma) - 1);
    assertEquals(mean, d.getMean(), 5 * sd / Math.sqrt(100_000) + 0.01 * mean);
    assertEquals(sd * sd, d.getSumOfSquaredDeviation() / (d.getCount() - 1), 0.1 * sd * sd);
  }

  @Test
  void theSameGeneratorStateGivesTheSameDistribution() {
    for (long n : new long[] {1, 300, LatencyDistributions.PER_REQUEST_LIMIT + 1}) {
      assertEquals(LatencyDistributions.sample(rng(5), n, 40, 200), LatencyDistributions.sample(rng(5), n, 40, 200));
    }
  }

  @Test
  void mergeAddsCountsAndPoolsMeans() {
    Distribution a = LatencyDistributions.sample(rng(2), 300, 40, 200);
    Distribution b = LatencyDistributions.sample(rng(3), 100, 400, 2000);
    Distribution m = LatencyDistributions.merge(List.of(a, b));
    assertEquals(400, m.getCount());
    assertEquals((a.getMean() * 300 + b.getMean() * 100) / 400, m.getMean(), 1e-9);
    assertTrue(LatencyDistributions.percentile(m, 0.99) > LatencyDistributions.percentile(a, 0.99));
    assertEquals(0, LatencyDistributions.merge(List.of()).getCount());
    assertTrue(Double.isNaN(LatencyDistributions.percentile(LatencyDistributions.sample(rng(4), 0, 40, 200), 0.5)));
  }
}
