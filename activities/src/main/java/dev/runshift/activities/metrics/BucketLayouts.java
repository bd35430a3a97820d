package dev.runshift.activities.metrics;

import com.google.api.Distribution.BucketOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Cloud Monitoring {@link BucketOptions} as the explicit list of finite bucket boundaries that
 * {@link dev.runshift.ports.PeriodSeries#latencyBounds()} carries, as a pure function.
 *
 * <p>With {@code N} finite buckets there are {@code N + 1} boundaries and {@code N + 2} buckets: bucket 0
 * is the underflow ({@code < bound(0)}), bucket {@code i} is {@code [bound(i-1), bound(i))}, bucket
 * {@code N + 1} the overflow ({@code >= bound(N)}), which is Monitoring's own numbering of
 * {@code Distribution.bucket_counts}:
 *
 * <ul>
 *   <li>exponential: {@code scale * growth^i} for {@code i = 0..N};
 *   <li>linear: {@code offset + width * i} for {@code i = 0..N};
 *   <li>explicit: its bounds as given.
 * </ul>
 *
 * Options that Monitoring would not accept (no finite bucket, growth factor not above 1, scale or width
 * not positive, explicit bounds not strictly increasing) are an {@link IllegalArgumentException}.
 */
public final class BucketLayouts {
  private BucketLayouts() {}

  /**
   * The finite boundaries of {@code options}, increasing; empty when the distribution has no histogram
   * (options not set, or explicit options with no bound, i.e. one bucket holding every value).
   */
  public static Optional<List<Double>> bounds(BucketOptions options) {
    switch (options.getOptionsCase()) {
      case EXPONENTIAL_BUCKETS: {
        BucketOptions.Exponential e = options.getExponentialBuckets();
        int n = e.getNumFiniteBuckets();
        if (n <= 0 || !(e.getGrowthFactor() > 1) || !(e.getScale() > 0)) {
          throw new IllegalArgumentException("invalid exponential buckets: " + n + " finite, growth factor "
              + e.getGrowthFactor() + ", scale " + e.getScale());
        }
        List<Double> bounds = new ArrayList<>(n + 1);
        for (int i = 0; i <= n; i++) {
          bounds.add(e.getScale() * Math.pow(e.getGrowthFactor(), i));
        }
        return Optional.of(List.copyOf(bounds));
      }
      case LINEAR_BUCKETS: {
        BucketOptions.Linear l = options.getLinearBuckets();
        int n = l.getNumFiniteBuckets();
        if (n <= 0 || !(l.getWidth() > 0) || !Double.isFinite(l.getOffset())) {
          throw new IllegalArgumentException("invalid linear buckets: " + n + " finite, width " + l.getWidth()
              + ", offset " + l.getOffset());
        }
        List<Double> bounds = new ArrayList<>(n + 1);
        for (int i = 0; i <= n; i++) {
          bounds.add(l.getOffset() + l.getWidth() * i);
        }
        return Optional.of(List.copyOf(bounds));
      }
      case EXPLICIT_BUCKETS: {
        List<Double> bounds = options.getExplicitBuckets().getBoundsList();
        for (int i = 0; i < bounds.size(); i++) {
          if (!Double.isFinite(bounds.get(i)) || (i > 0 && !(bounds.get(i) > bounds.get(i - 1)))) {
            throw new IllegalArgumentException("explicit bucket bounds must be finite and strictly increasing: "
                + bounds);
          }
        }
        return bounds.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(bounds));
      }
      default:
        return Optional.empty();
    }
  }

  /** How {@code options} reads in a message: the kind and its parameters. */
  public static String describe(BucketOptions options) {
    switch (options.getOptionsCase()) {
      case EXPONENTIAL_BUCKETS: {
        BucketOptions.Exponential e = options.getExponentialBuckets();
        return "exponential(" + e.getNumFiniteBuckets() + " finite, scale " + e.getScale() + ", growth "
            + e.getGrowthFactor() + ")";
      }
      case LINEAR_BUCKETS: {
        BucketOptions.Linear l = options.getLinearBuckets();
        return "linear(" + l.getNumFiniteBuckets() + " finite, offset " + l.getOffset() + ", width "
            + l.getWidth() + ")";
      }
      case EXPLICIT_BUCKETS:
        return "explicit(" + options.getExplicitBuckets().getBoundsList() + ")";
      default:
        return "no buckets";
    }
  }
}
