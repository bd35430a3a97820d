package dev.runshift.simulator.monitoring;

import com.google.api.Distribution;
import dev.runshift.simulator.core.ImageBehaviour;
import dev.runshift.simulator.core.ImageBehaviours;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * What a revision served in one sample period, the same every time it is asked.
 *
 * <p>With {@code E} the expected requests (rate x traffic share integrated over the period, following the
 * traffic history exactly) and {@code r} the 5xx rate of the revision's image:
 *
 * <ul>
 *   <li>requests {@code n = round(E (1 + noise u1))},
 *   <li>5xx {@code e = min(n, round(n r (1 + noise u2)))}, the other {@code n - e} are 2xx,
 *   <li>latencies: the image's lognormal (p50, p99), see {@link LatencyDistributions},
 * </ul>
 *
 * where {@code u1, u2} are uniform in [-1, 1], drawn from a generator seeded by the simulator seed, the
 * project, location, service, revision and the period index. So {@code |n - E| <= noise E + 0.5} and
 * {@code |e - n r| <= noise n r + 0.5}.
 */
public final class RequestModel {
  /** One period of one revision: total requests, of which 5xx, and latency distributions by class. */
  public record Sample(long requests, long errors, Distribution okLatencies, Distribution errorLatencies) {
    public long ok() {
      return requests - errors;
    }
  }

  private final long seed;
  private final double noise;
  private final ImageBehaviours images;

  public RequestModel(long seed, double noise, ImageBehaviours images) {
    this.seed = seed;
    this.noise = noise;
    this.images = images;
  }

  public Sample sample(ServiceTimeline timeline, String revision, Instant start, Instant end, long period,
      boolean latencies) {
    double expected = timeline.expectedRequests(revision, start, end);
    if (expected <= 0) {
      return new Sample(0, 0, null, null);
    }
    SplittableRandom random = new SplittableRandom(mix(timeline, revision, period));
    double u1 = 2 * random.nextDouble() - 1;
    double u2 = 2 * random.nextDouble() - 1;
    long n = Math.max(0, Math.round(expected * (1 + noise * u1)));
    String image = timeline.revisionImages().getOrDefault(revision, "");
    ImageBehaviour behaviour = images.of(image);
    long e = Math.min(n, Math.max(0, Math.round(n * behaviour.errorRate() * (1 + noise * u2))));
    if (!latencies) {
      return new Sample(n, e, null, null);
    }
    return new Sample(n, e,
        LatencyDistributions.of(n - e, behaviour.p50Ms(), behaviour.p99Ms()),
        LatencyDistributions.of(e, behaviour.p50Ms(), behaviour.p99Ms()));
  }

  private long mix(ServiceTimeline t, String revision, long period) {
    long h = 0xcbf29ce484222325L ^ seed;
    String key = t.project() + "/" + t.location() + "/" + t.service() + "/" + revision;
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ b) * 0x100000001b3L;
    }
    return h ^ (period * 0x9E3779B97F4A7C15L);
  }
}
