package dev.runshift.simulator.core;

import io.grpc.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Injected faults and the Cloud Run write quota, applied to every call before its handler runs.
 *
 * <p>A method is named either in full ({@code google.cloud.run.v2.Services/UpdateService}), by its short
 * name ({@code UpdateService}, matching that method on any service), by service
 * ({@code google.cloud.run.v2.Services/*}) or as {@code *} (every method).
 *
 * <ul>
 *   <li>{@link #failNext}: the next N matching calls fail with the given status, then calls pass.
 *   <li>{@link #failAtRate}: each matching call fails with the given probability, drawn from a generator
 *       seeded by the simulator seed (same seed and call order, same failures).
 *   <li>{@link #addLatency}: matching calls wait this long (wall time) before being handled.
 *   <li>{@link #setWriteQuota}: at most N Cloud Run write calls (Create/Update/Delete on
 *       {@code google.cloud.run.*}) per region in any 60 s of simulator time; beyond it calls fail with
 *       RESOURCE_EXHAUSTED and Cloud Run's quota message. Rejected calls do not count.
 * </ul>
 *
 * Rules are checked in the order they were added; the first that fires decides the call.
 */
public final class Faults {
  /** Region key meaning "every region without its own quota". */
  public static final String ALL_REGIONS = "*";

  private static final Duration QUOTA_WINDOW = Duration.ofMinutes(1);
  private static final Pattern LOCATION = Pattern.compile("(?:^|/)locations/([^/]+)");
  private static final Pattern PROJECT = Pattern.compile("(?:^|/)projects/([^/]+)");

  private static final class Rule {
    final String method;
    final Status status;
    int remaining; // < 0: unlimited (rate rule)
    final double rate;

    Rule(String method, Status status, int remaining, double rate) {
      this.method = method;
      this.status = status;
      this.remaining = remaining;
      this.rate = rate;
    }
  }

  private final SplittableRandom random;
  private final List<Rule> rules = new ArrayList<>();
  private final Map<String, Duration> latencies = new HashMap<>();
  private final Map<String, Integer> writeQuota = new HashMap<>();
  private final Map<String, Deque<Instant>> writes = new HashMap<>();

  public Faults() {
    this(0L);
  }

  public Faults(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** The next {@code times} calls of {@code method} fail with {@code code} and {@code message}. */
  public synchronized void failNext(String method, int times, Status.Code code, String message) {
    if (times <= 0) {
      throw new IllegalArgumentException("times must be positive: " + times);
    }
    rules.add(new Rule(method, Status.fromCode(code).withDescription(message), times, 1.0));
  }

  /** Each call of {@code method} fails with probability {@code rate} (seeded), until {@link #clear}. */
  public synchronized void failAtRate(String method, double rate, Status.Code code, String message) {
    if (rate < 0 || rate > 1) {
      throw new IllegalArgumentException("rate must be in [0, 1]: " + rate);
    }
    rules.add(new Rule(method, Status.fromCode(code).withDescription(message), -1, rate));
  }

  /** Calls of {@code method} wait {@code latency} (wall time) before being handled or failed. */
  public synchronized void addLatency(String method, Duration latency) {
    if (latency.isNegative()) {
      throw new IllegalArgumentException("latencyMs must be >= 0 (a call cannot be answered before it is made), was "
          + latency.toMillis());
    }
    latencies.put(method, latency);
  }

  /**
   * At most {@code perMinute} Cloud Run write calls per minute of simulator time in {@code region}
   * ({@link #ALL_REGIONS} for every region without its own limit).
   */
  public synchronized void setWriteQuota(String region, int perMinute) {
    if (perMinute < 0) {
      throw new IllegalArgumentException("perMinute must not be negative: " + perMinute);
    }
    writeQuota.put(region, perMinute);
  }

  public synchronized void clearWriteQuota(String region) {
    writeQuota.remove(region);
  }

  /** Removes every fault, latency and quota. */
  public synchronized void clear() {
    rules.clear();
    latencies.clear();
    writeQuota.clear();
    writes.clear();
  }

  /** The latency to add to a call of {@code fullMethod}: the largest among matching settings. */
  public synchronized Duration latencyFor(String fullMethod) {
    Duration max = Duration.ZERO;
    for (Map.Entry<String, Duration> e : latencies.entrySet()) {
      if (matches(e.getKey(), fullMethod) && e.getValue().compareTo(max) > 0) {
        max = e.getValue();
      }
    }
    return max;
  }

  /**
   * Decides one call of {@code fullMethod} on {@code resource} (may be empty) at simulator time
   * {@code now}: the status it must fail with, or empty to let it through. Consumes a "next N" fault and
   * counts the call against the write quota when it passes.
   */
  public synchronized Optional<Status> admit(String fullMethod, String resource, Instant now) {
    Iterator<Rule> it = rules.iterator();
    while (it.hasNext()) {
      Rule r = it.next();
      if (!matches(r.method, fullMethod)) {
        continue;
      }
      if (r.remaining > 0) {
        if (--r.remaining == 0) {
          it.remove();
        }
        return Optional.of(r.status);
      }
      if (r.remaining < 0 && random.nextDouble() < r.rate) {
        return Optional.of(r.status);
      }
    }
    if (isCloudRunWrite(fullMethod)) {
      String region = group(LOCATION, resource);
      Integer limit = writeQuota.containsKey(region) ? writeQuota.get(region) : writeQuota.get(ALL_REGIONS);
      if (limit != null) {
        Deque<Instant> recent = writes.computeIfAbsent(region, k -> new ArrayDeque<>());
        Instant horizon = now.minus(QUOTA_WINDOW);
        while (!recent.isEmpty() && !recent.peekFirst().isAfter(horizon)) {
          recent.removeFirst();
        }
        if (recent.size() >= limit) {
          return Optional.of(quotaExceeded(resource));
        }
        recent.addLast(now);
      }
    }
    return Optional.empty();
  }

  private static Status quotaExceeded(String resource) {
    String project = group(PROJECT, resource);
    return Status.RESOURCE_EXHAUSTED.withDescription(
        "Quota exceeded for quota metric 'Write requests' and limit 'Write requests per minute per region'"
            + " of service 'run.googleapis.com' for consumer 'project_number:"
            + ProjectNumbers.of(project) + "'.");
  }

  private static boolean isCloudRunWrite(String fullMethod) {
    if (!fullMethod.startsWith("google.cloud.run.")) {
      return false;
    }
    String name = fullMethod.substring(fullMethod.indexOf('/') + 1);
    return name.startsWith("Create") || name.startsWith("Update") || name.startsWith("Delete");
  }

  private static String group(Pattern p, String s) {
    if (s == null) {
      return "";
    }
    Matcher m = p.matcher(s);
    return m.find() ? m.group(1) : "";
  }

  /** True when {@code pattern} (full, short, {@code Service/*} or {@code *}) names {@code fullMethod}. */
  public static boolean matches(String pattern, String fullMethod) {
    if (pattern.equals("*") || pattern.equals(fullMethod)) {
      return true;
    }
    int slash = fullMethod.indexOf('/');
    if (pattern.endsWith("/*")) {
      return slash >= 0 && fullMethod.substring(0, slash).equals(pattern.substring(0, pattern.length() - 2));
    }
    return pattern.indexOf('/') < 0 && fullMethod.substring(slash + 1).equals(pattern);
  }
}
