package dev.runshift.simulator.monitoring;

import com.google.api.Distribution;
import dev.runshift.simulator.core.ErrorBurst;
import dev.runshift.simulator.core.ImageBehaviour;
import dev.runshift.simulator.core.ImageBehaviours;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.PoissonSampler;
import org.apache.commons.rng.simple.RandomSource;

/**
 * What a revision served in one sample period: a pure, deterministic sampler of Cloud Run's request
 * metrics. The same arguments give the same {@link Sample}, every time, in every thread; nothing is kept
 * between calls but caches. It needs no gRPC server: {@code new RequestModel(seed, images)} with a
 * {@link ServiceTimeline} built by hand is a traffic generator for benchmarks.
 *
 * <p>For one revision and one period {@code [start, end)}:
 *
 * <ul>
 *   <li>{@code E}: the expected requests, the rate x the revision's traffic share integrated over the period
 *       ({@link ServiceTimeline#expectedRequests}); {@code E5}: the expected 5xx, the same integral weighted
 *       by the 5xx rate in force at each instant (the image's rate on that service, or an
 *       {@link ErrorBurst}'s where one covers the instant), so {@code r = E5 / E} is the period's 5xx rate;
 *   <li>requests {@code n ~ Poisson(E)} and 5xx {@code e ~ Binomial(n, r)}, drawn as the two independent
 *       Poisson counts they split into, {@code n - e ~ Poisson(E - E5)} and {@code e ~ Poisson(E5)} (the
 *       same joint distribution, two cheap draws); so {@code 0 <= e <= n} always and {@code E = 0} gives
 *       {@code n = 0};
 *   <li>latency bucket counts {@code ~ Multinomial(n - e, P(bucket))} for 2xx and
 *       {@code ~ Multinomial(e, P(bucket))} for 5xx, {@code P} the image's lognormal (p50, p99) in Cloud
 *       Run's buckets ({@link LatencyDistributions}).
 * </ul>
 *
 * Every draw comes from one XoRoShiRo128++ generator (Apache Commons RNG) seeded by a hash of the model's
 * seed, the project, location, service, revision and the period index. Counts are drawn before latencies,
 * so {@code latencies = false} (no latency work at all) gives the same counts as {@code true}.
 *
 * <p>Cost: a hash of the names, a generator, two Poisson draws; with latencies, one alias-table draw per
 * request up to {@value LatencyDistributions#PER_REQUEST_LIMIT} requests, else about one binomial draw per
 * occupied bucket. Thread-safe.
 */
public final class RequestModel {
  /** Means above this are drawn as a sum of Poisson draws (Commons RNG's sampler takes at most 2^30). */
  private static final double MAX_POISSON_MEAN = 1 << 28;
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  /**
   * One period of one revision: total requests, of which 5xx, and latency distributions by class (null
   * when latencies were not asked for; empty when the class had no request).
   */
  public record Sample(long requests, long errors, Distribution okLatencies, Distribution errorLatencies) {
    public long ok() {
      return requests - errors;
    }
  }

  /** What a period's counts are drawn around: expected requests and expected 5xx. */
  public record Expected(double requests, double errors) {
    /** The period's 5xx rate, {@code errors / requests} (0 without requests). */
    public double errorRate() {
      return requests > 0 ? errors / requests : 0;
    }
  }

  private final long seed;
  private final ImageBehaviours images;

  /**
   * A sampler for simulator seed {@code seed} with image behaviours (and error bursts) from {@code images},
   * read on every call.
   */
  public RequestModel(long seed, ImageBehaviours images) {
    this.seed = seed;
    this.images = Objects.requireNonNull(images, "images");
  }

  /**
   * What {@code revision} of {@code timeline} served in {@code [start, end)}, sample period number
   * {@code period} (the seed of its draws; Cloud Monitoring's is {@code start / samplePeriod}). With
   * {@code latencies} false the distributions are null and no latency work is done; the counts are the
   * same either way.
   */
  public Sample sample(ServiceTimeline timeline, String revision, Instant start, Instant end, long period,
      boolean latencies) {
    String image = timeline.imageOf(revision);
    ImageBehaviours.Profile profile = images.profile(timeline.serviceName(), image);
    Expected expected = expected(timeline, revision, start, end, profile);
    if (!(expected.requests() > 0)) {
      return latencies
          ? new Sample(0, 0, LatencyDistributions.empty(), LatencyDistributions.empty())
          : new Sample(0, 0, null, null);
    }
    UniformRandomProvider rng = generator(timeline, revision, period);
    double errorsExpected = Math.min(expected.errors(), expected.requests());
    long ok = poisson(rng, expected.requests() - errorsExpected);
    long errors = poisson(rng, errorsExpected);
    if (!latencies) {
      return new Sample(ok + errors, errors, null, null);
    }
    ImageBehaviour b = profile.behaviour();
    return new Sample(ok + errors, errors,
        LatencyDistributions.sample(rng, ok, b.p50Ms(), b.p99Ms()),
        LatencyDistributions.sample(rng, errors, b.p50Ms(), b.p99Ms()));
  }

  /** The expected requests and 5xx of {@code revision} in {@code [start, end)}, bursts included. */
  public Expected expected(ServiceTimeline timeline, String revision, Instant start, Instant end) {
    return expected(timeline, revision, start, end, images.profile(timeline.serviceName(), timeline.imageOf(revision)));
  }

  private static Expected expected(ServiceTimeline timeline, String revision, Instant start, Instant end,
      ImageBehaviours.Profile profile) {
    long from = start.toEpochMilli();
    long to = end.toEpochMilli();
    double requests = timeline.expectedRequests(revision, from, to);
    if (!(requests > 0)) {
      return new Expected(0, 0);
    }
    List<ErrorBurst> bursts = profile.bursts();
    double baseRate = profile.behaviour().errorRate();
    if (bursts.isEmpty()) {
      return new Expected(requests, requests * baseRate);
    }
    // The 5xx rate is piecewise constant, changing only at burst edges: integrate piece by piece.
    double errors = 0;
    long a = from;
    while (a < to) {
      long b = to;
      for (ErrorBurst burst : bursts) {
        long f = burst.from().toEpochMilli();
        long t = burst.to().toEpochMilli();
        if (f > a && f < b) {
          b = f;
        }
        if (t > a && t < b) {
          b = t;
        }
      }
      double rate = profile.errorRateAt(Instant.ofEpochMilli(a));
      if (rate > 0) {
        errors += rate * timeline.expectedRequests(revision, a, b);
      }
      a = b;
    }
    return new Expected(requests, Math.min(requests, errors));
  }

  /** The period's generator: XoRoShiRo128++ seeded from the seed, the names and the period. */
  private UniformRandomProvider generator(ServiceTimeline t, String revision, long period) {
    long h = 0xcbf29ce484222325L ^ seed;
    h = hash(h, t.project());
    h = hash(h, t.location());
    h = hash(h, t.service());
    h = hash(h, revision);
    long s0 = mix(h ^ mix(period * GOLDEN + seed));
    long s1 = mix(s0 + GOLDEN) | 1; // never the all-zero state
    return RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {s0, s1});
  }

  /** FNV-1a over the characters of {@code s}, then a separator (so "a/bc" and "ab/c" differ). */
  private static long hash(long h, String s) {
    for (int i = 0; i < s.length(); i++) {
      h = (h ^ s.charAt(i)) * 0x100000001b3L;
    }
    return (h ^ '/') * 0x100000001b3L;
  }

  /** Stafford's variant 13 of the MurmurHash3 finalizer: every input bit affects every output bit. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** {@code Poisson(mean)} with Commons RNG's sampler; 0 for a mean of 0. */
  static long poisson(UniformRandomProvider rng, double mean) {
    if (!(mean > 0)) {
      return 0;
    }
    long total = 0;
    double left = mean;
    // a sum of independent Poisson draws is Poisson with the sum of the means
    while (left > MAX_POISSON_MEAN) {
      total += PoissonSampler.of(rng, MAX_POISSON_MEAN).sample();
      left -= MAX_POISSON_MEAN;
    }
    return total + PoissonSampler.of(rng, left).sample();
  }
}
