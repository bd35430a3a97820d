package dev.runshift.simulator.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.Distribution;
import dev.runshift.simulator.core.ErrorBurst;
import dev.runshift.simulator.core.ImageBehaviour;
import dev.runshift.simulator.core.ImageBehaviours;
import dev.runshift.simulator.core.RequestRate;
import dev.runshift.simulator.monitoring.ServiceTimeline.Segment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link RequestModel} on its own, as a benchmark uses it: no gRPC, a hand-built timeline. Statistical
 * assertions use bounds of at least 5 standard deviations of the quantity tested; the seeds are fixed, so
 * every run draws the same numbers.
 */
class RequestModelTest {
  private static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");
  private static final long PERIOD_MS = 60_000;
  private static final String GOOD = "repo/app@sha256:good";
  private static final String BAD = "repo/app@sha256:bad";
  private static final String SHOP = "projects/demo/locations/us-central1/services/shop";

  private final ImageBehaviours images = new ImageBehaviours();

  /** One service at {@code rps} from T0: rev-a (GOOD) and rev-b (BAD) split 70/30. */
  private static ServiceTimeline timeline(String service, RequestRate rate) {
    return new ServiceTimeline("demo", "us-central1", service,
        List.of(new Segment(T0, rate, Map.of("rev-a", 70, "rev-b", 30))),
        Map.of("rev-a", GOOD, "rev-b", BAD));
  }

  private static Instant start(long k) {
    return Instant.ofEpochMilli(k * PERIOD_MS);
  }

  private static long firstPeriod() {
    return T0.toEpochMilli() / PERIOD_MS;
  }

  private RequestModel.Sample sample(RequestModel model, ServiceTimeline t, String revision, long k, boolean latencies) {
    return model.sample(t, revision, start(k), start(k + 1), k, latencies);
  }

  /** Sample mean and (unbiased) variance. */
  private record Moments(double mean, double variance, int n) {
    static Moments of(double[] xs) {
      double sum = 0;
      for (double x : xs) {
        sum += x;
      }
      double mean = sum / xs.length;
      double ss = 0;
      for (double x : xs) {
        ss += (x - mean) * (x - mean);
      }
      return new Moments(mean, ss / (xs.length - 1), xs.length);
    }
  }

  private static void assertWithin(double expected, double bound, double actual, String what) {
    assertTrue(Math.abs(actual - expected) <= bound, what + ": expected " + expected + " ± " + bound + ", was " + actual);
  }

  /**
   * The sample mean of n draws of mean mu and variance var is within 5 sd; so is the sample variance
   * (its sd is about sqrt((mu4 - var^2) / n), with mu4 the fourth central moment).
   */
  private static void assertMoments(Moments m, double mu, double var, double mu4, String what) {
    assertWithin(mu, 5 * Math.sqrt(var / m.n()), m.mean(), what + " mean");
    assertWithin(var, 5 * Math.sqrt((mu4 - var * var) / m.n()), m.variance(), what + " variance");
  }

  @Test
  void theSameSeedGivesTheSameSamplesAndAnotherSeedOthers() {
    images.set(BAD, ImageBehaviour.healthy().withErrorRate(0.2).withLatency(100, 800));
    ServiceTimeline t = timeline("shop", RequestRate.constant(10));
    RequestModel a = new RequestModel(7, images);
    RequestModel b = new RequestModel(7, images);
    RequestModel other = new RequestModel(8, images);
    int differ = 0;
    for (long k = firstPeriod(); k < firstPeriod() + 50; k++) {
      RequestModel.Sample s = sample(a, t, "rev-b", k, true);
      assertEquals(s, sample(b, t, "rev-b", k, true), "period " + k);
      assertEquals(s, sample(a, t, "rev-b", k, true), "asked again");
      RequestModel.Sample counts = sample(a, t, "rev-b", k, false);
      assertEquals(s.requests(), counts.requests(), "latencies do not change the counts");
      assertEquals(s.errors(), counts.errors());
      assertNull(counts.okLatencies());
      assertNull(counts.errorLatencies());
      if (sample(other, t, "rev-b", k, false).requests() != s.requests()) {
        differ++;
      }
    }
    assertTrue(differ > 25, "another seed draws other counts: " + differ + " of 50 periods differ");
    // another service is another draw
    ServiceTimeline renamed = timeline("shop2", RequestRate.constant(10));
    long same = 0;
    for (long k = firstPeriod(); k < firstPeriod() + 50; k++) {
      same += sample(a, renamed, "rev-b", k, false).requests() == sample(a, t, "rev-b", k, false).requests() ? 1 : 0;
    }
    assertTrue(same < 25, same + " of 50 periods equal on another service");
  }

  @Test
  void requestsArePoissonAndErrorsBinomialGivenRequests() {
    double rate = 0.2;
    images.set(BAD, ImageBehaviour.healthy().withErrorRate(rate));
    ServiceTimeline t = timeline("shop", RequestRate.constant(10));
    RequestModel model = new RequestModel(42, images);
    double e = 10 * 0.3 * 60; // rev-b: 30% of 10 rps over 60 s = 180
    int periods = 4000;
    double[] n = new double[periods];
    double[] errors = new double[periods];
    double[] residual = new double[periods];
    for (int i = 0; i < periods; i++) {
      RequestModel.Sample s = sample(model, t, "rev-b", firstPeriod() + i, false);
      assertTrue(s.errors() >= 0 && s.errors() <= s.requests(), "0 <= 5xx <= requests: " + s);
      n[i] = s.requests();
      errors[i] = s.errors();
      residual[i] = s.errors() - rate * s.requests();
    }
    // Poisson(E): mean E, variance E, fourth central moment E + 3E^2
    assertMoments(Moments.of(n), e, e, e + 3 * e * e, "requests");
    // e ~ Binomial(n, r) given n, so e ~ Poisson(E r)
    double er = e * rate;
    assertMoments(Moments.of(errors), er, er, er + 3 * er * er, "5xx");
    // and e - r n has mean 0 and variance E[n] r (1 - r): the binomial's, not the Poisson's
    double v = e * rate * (1 - rate);
    Moments res = Moments.of(residual);
    assertWithin(0, 5 * Math.sqrt(v / periods), res.mean(), "5xx - r n mean");
    // its fourth central moment is below 3 v^2 + v, so the sample variance's sd is below sqrt((2 v^2 + v) / N)
    assertWithin(v, 5 * Math.sqrt((2 * v * v + v) / periods), res.variance(), "5xx - r n variance");
  }

  @Test
  void largeRatesAndExtremeErrorRatesStayExact() {
    images.set(BAD, ImageBehaviour.healthy().withErrorRate(1.0));
    images.set(GOOD, ImageBehaviour.healthy().withErrorRate(0.0));
    ServiceTimeline t = timeline("shop", RequestRate.constant(2_000_000)); // 36 million requests a minute on rev-b
    RequestModel model = new RequestModel(42, images);
    double e = 2_000_000 * 0.3 * 60;
    for (long k = firstPeriod(); k < firstPeriod() + 20; k++) {
      RequestModel.Sample bad = sample(model, t, "rev-b", k, false);
      assertEquals(bad.requests(), bad.errors(), "an error rate of 1 fails every request");
      assertWithin(e, 5 * Math.sqrt(e), bad.requests(), "requests");
      RequestModel.Sample good = sample(model, t, "rev-a", k, false);
      assertEquals(0, good.errors(), "an error rate of 0 fails none");
    }
  }

  @Test
  void zeroExpectedRequestsAreZeroRequests() {
    RequestModel model = new RequestModel(42, images);
    ServiceTimeline idle = timeline("shop", RequestRate.constant(0));
    ServiceTimeline busy = timeline("shop", RequestRate.constant(1000));
    for (long k = firstPeriod(); k < firstPeriod() + 100; k++) {
      assertEquals(new RequestModel.Sample(0, 0, null, null), sample(model, idle, "rev-a", k, false));
      assertEquals(0, sample(model, busy, "rev-unknown", k, false).requests(), "a revision without traffic");
      RequestModel.Sample withLatencies = sample(model, idle, "rev-a", k, true);
      assertEquals(0, withLatencies.okLatencies().getCount());
      assertEquals(0, withLatencies.errorLatencies().getCount());
    }
    // before the timeline's first segment nothing was served
    assertEquals(0, sample(model, busy, "rev-a", firstPeriod() - 1, false).requests());
  }

  @Test
  void latencyBucketsAreMultinomialOverTheImageLognormal() {
    images.set(BAD, ImageBehaviour.healthy().withErrorRate(0.3).withLatency(100, 800));
    double[] p = LatencyDistributions.bucketProbabilities(100, 800);
    // 3 rps on rev-b: 54 requests a minute, drawn request by request; 300 rps: 5400, bucket by bucket
    for (double rps : new double[] {10, 1000}) {
      ServiceTimeline t = timeline("shop", RequestRate.constant(rps));
      RequestModel model = new RequestModel(42, images);
      int periods = rps > 100 ? 300 : 2000;
      long[] okCounts = new long[p.length];
      long[] errCounts = new long[p.length];
      long ok = 0;
      long err = 0;
      for (int i = 0; i < periods; i++) {
        RequestModel.Sample s = sample(model, t, "rev-b", firstPeriod() + i, true);
        assertEquals(s.ok(), s.okLatencies().getCount());
        assertEquals(s.errors(), s.errorLatencies().getCount());
        assertEquals(s.ok(), sum(s.okLatencies()), "every 2xx is in a bucket");
        assertEquals(s.errors(), sum(s.errorLatencies()), "every 5xx is in a bucket");
        add(okCounts, s.okLatencies());
        add(errCounts, s.errorLatencies());
        ok += s.ok();
        err += s.errors();
      }
      for (int i = 0; i < p.length; i++) {
        // given the totals, each pooled bucket count is Binomial(total, p_i)
        assertWithin(ok * p[i], 5 * Math.sqrt(ok * p[i] * (1 - p[i])) + 1e-9, okCounts[i], rps + " rps 2xx bucket " + i);
        assertWithin(err * p[i], 5 * Math.sqrt(err * p[i] * (1 - p[i])) + 1e-9, errCounts[i], rps + " rps 5xx bucket " + i);
      }
    }
  }

  @Test
  void bucketCountsHaveTheMultinomialVarianceOnBothSamplingPaths() {
    double[] p = LatencyDistributions.bucketProbabilities(40, 200);
    int top = 0;
    for (int i = 1; i < p.length; i++) {
      top = p[i] > p[top] ? i : top;
    }
    for (long n : new long[] {500, LatencyDistributions.PER_REQUEST_LIMIT + 1000}) {
      var rng = org.apache.commons.rng.simple.RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {n, 99});
      int draws = 1500;
      double[] topCounts = new double[draws];
      for (int d = 0; d < draws; d++) {
        Distribution dist = LatencyDistributions.sample(rng, n, 40, 200);
        assertEquals(n, sum(dist));
        topCounts[d] = dist.getBucketCounts(top);
      }
      double mu = n * p[top];
      double var = n * p[top] * (1 - p[top]);
      assertMoments(Moments.of(topCounts), mu, var, 3 * var * var + var, n + " requests, top bucket");
    }
  }

  @Test
  void aRuleForAnImageOnAServiceWinsThereOnly() {
    images.set(BAD, ImageBehaviour.healthy().withErrorRate(0.0));
    images.set(SHOP, BAD, ImageBehaviour.healthy().withErrorRate(1.0));
    images.setPattern(SHOP, ".*@sha256:go+d", ImageBehaviour.healthy().withErrorRate(0.5));
    RequestModel model = new RequestModel(42, images);
    ServiceTimeline shop = timeline("shop", RequestRate.constant(50));
    ServiceTimeline cart = timeline("cart", RequestRate.constant(50));
    for (long k = firstPeriod(); k < firstPeriod() + 20; k++) {
      RequestModel.Sample onShop = sample(model, shop, "rev-b", k, false);
      assertEquals(onShop.requests(), onShop.errors(), "BAD fails everything on shop");
      assertEquals(0, sample(model, cart, "rev-b", k, false).errors(), "and nothing elsewhere");
    }
    assertEquals(0.5, model.expected(shop, "rev-a", start(firstPeriod()), start(firstPeriod() + 1)).errorRate(), 1e-12);
    assertEquals(ImageBehaviour.healthy().errorRate(),
        model.expected(cart, "rev-a", start(firstPeriod()), start(firstPeriod() + 1)).errorRate(), 1e-12);
    assertEquals(1.0, images.of(SHOP, BAD).errorRate());
    assertEquals(0.0, images.of(BAD).errorRate());
    // a later global rule does not override the service's own
    images.set(BAD, ImageBehaviour.healthy().withErrorRate(0.3));
    assertEquals(1.0, images.of(SHOP, BAD).errorRate());
    assertEquals(0.3, images.of("projects/demo/locations/us-central1/services/cart", BAD).errorRate());
  }

  @Test
  void anErrorBurstSetsTheRateInsideItsWindowOnly() {
    images.set(BAD, ImageBehaviour.healthy().withErrorRate(0.1));
    RequestModel model = new RequestModel(42, images);
    ServiceTimeline shop = timeline("shop", RequestRate.constant(100));
    ServiceTimeline cart = timeline("cart", RequestRate.constant(100));
    long k = firstPeriod() + 10;
    Instant mid = start(k).plusSeconds(15);
    // on shop, from 15 s into period k until the end of period k + 2: every request fails
    images.addErrorBurst(ErrorBurst.ofService(SHOP, mid, start(k + 3), 1.0));
    var before = model.expected(shop, "rev-b", start(k - 1), start(k));
    assertEquals(0.1, before.errorRate(), 1e-12, "before the burst");
    var straddling = model.expected(shop, "rev-b", start(k), start(k + 1));
    assertEquals(0.25 * 0.1 + 0.75 * 1.0, straddling.errorRate(), 1e-12, "a quarter before, three quarters in");
    assertEquals(1.0, model.expected(shop, "rev-b", start(k + 1), start(k + 2)).errorRate(), 1e-12);
    assertEquals(0.1, model.expected(shop, "rev-b", start(k + 3), start(k + 4)).errorRate(), 1e-12, "after");
    assertEquals(0.1, model.expected(cart, "rev-b", start(k + 1), start(k + 2)).errorRate(), 1e-12, "other service");
    for (long j = k + 1; j < k + 3; j++) {
      RequestModel.Sample s = sample(model, shop, "rev-b", j, false);
      assertEquals(s.requests(), s.errors(), "inside the burst");
    }
    // an image burst added later wins where they overlap, on every service running the image
    images.addErrorBurst(ErrorBurst.ofImage(BAD, start(k + 2), start(k + 5), 0.0));
    assertEquals(0.0, model.expected(shop, "rev-b", start(k + 2), start(k + 3)).errorRate(), 1e-12);
    assertEquals(0.0, model.expected(cart, "rev-b", start(k + 4), start(k + 5)).errorRate(), 1e-12);
    assertEquals(1.0, model.expected(shop, "rev-a", start(k + 2), start(k + 3)).errorRate(), 1e-12,
        "the service burst still covers the service's other image");
    assertEquals(ImageBehaviour.healthy().errorRate(),
        model.expected(cart, "rev-a", start(k + 2), start(k + 3)).errorRate(), 1e-12, "neither burst");
    assertEquals(List.of(ErrorBurst.ofService(SHOP, mid, start(k + 3), 1.0), ErrorBurst.ofImage(BAD, start(k + 2),
        start(k + 5), 0.0)), images.errorBursts());
  }

  @Test
  void aDailyCurveShapesTheRequestsOverTheDay() {
    ServiceTimeline t = timeline("shop", RequestRate.daily(100, 0.8, 14));
    RequestModel model = new RequestModel(42, images);
    long peak = T0.plus(Duration.ofHours(14)).toEpochMilli() / PERIOD_MS;
    long trough = T0.plus(Duration.ofHours(2)).toEpochMilli() / PERIOD_MS;
    double atPeak = 0;
    double atTrough = 0;
    for (int i = -15; i < 15; i++) {
      atPeak += sample(model, t, "rev-a", peak + i, false).requests();
      atTrough += sample(model, t, "rev-a", trough + i, false).requests();
    }
    // 30 minutes at ~ 100 x 1.8 x 0.7 rps around the peak, ~ 100 x 0.2 x 0.7 around the trough
    double ePeak = t.expectedRequests("rev-a", start(peak - 15), start(peak + 15));
    double eTrough = t.expectedRequests("rev-a", start(trough - 15), start(trough + 15));
    assertWithin(1800 * 100 * 1.8 * 0.7, 1800 * 100 * 1.8 * 0.7 * 0.01, ePeak, "expected around the peak");
    assertWithin(ePeak, 5 * Math.sqrt(ePeak), atPeak, "requests around the peak");
    assertWithin(eTrough, 5 * Math.sqrt(eTrough), atTrough, "requests around the trough");
  }

  @Test
  void manyCallsStayCheap() {
    // not a timing assertion: a smoke test that a benchmark-sized loop completes and allocates little
    ServiceTimeline t = timeline("shop", RequestRate.constant(20));
    RequestModel model = new RequestModel(1, images);
    long total = 0;
    for (long k = firstPeriod(); k < firstPeriod() + 200_000; k++) {
      total += sample(model, t, "rev-b", k, false).requests();
    }
    double e = 200_000 * 20 * 0.3 * 60.0;
    assertWithin(e, 5 * Math.sqrt(e), total, "200,000 periods");
    assertNotEquals(0, total);
  }

  private static long sum(Distribution d) {
    return d.getBucketCountsList().stream().mapToLong(Long::longValue).sum();
  }

  private static void add(long[] into, Distribution d) {
    for (int i = 0; i < d.getBucketCountsCount(); i++) {
      into[i] += d.getBucketCounts(i);
    }
  }
}
