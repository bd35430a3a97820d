package dev.runshift.simulator.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Behaviour per image, optionally per service, and error bursts.
 *
 * <p><b>Rules.</b> A rule names an image exactly (e.g. {@code repo@sha256:…}) or by a pattern (a regular
 * expression matched against the whole reference), either for every service (global) or for one service
 * (its full name {@code projects/P/locations/L/services/S}). The behaviour of image X on service S is, in
 * this order: S's exact rule for X; the most recently set of S's patterns that matches X; the global exact
 * rule for X; the most recently set global pattern that matches X; else {@link ImageBehaviour#healthy()}.
 * So a rule for X on S wins over the global rule for X, and only on S.
 *
 * <p><b>Bursts.</b> An {@link ErrorBurst} sets the 5xx rate of a service's revisions, of an image's, or of
 * an image's on one service, during a time window; where several cover the same time the last added wins,
 * and outside every burst the rule's rate applies.
 *
 * <p>Rules apply to every sample period when metrics are read, past ones included; a burst is the way to
 * change the error rate from a given time on. Thread-safe; {@link #profile} answers from a cache that every
 * change clears, so the request model's lookups cost two hash lookups and no allocation.
 */
public final class ImageBehaviours {
  private static final String GLOBAL = "";

  /**
   * What the request model needs for one image on one service: its behaviour and the error bursts that
   * concern it (in the order they were added).
   */
  public record Profile(ImageBehaviour behaviour, List<ErrorBurst> bursts) {
    public Profile {
      Objects.requireNonNull(behaviour, "behaviour");
      bursts = List.copyOf(bursts);
    }

    /** The 5xx rate at {@code t}: that of the last added burst covering {@code t}, else the behaviour's. */
    public double errorRateAt(Instant t) {
      for (int i = bursts.size() - 1; i >= 0; i--) {
        ErrorBurst b = bursts.get(i);
        if (b.covers(t)) {
          return b.errorRate();
        }
      }
      return behaviour.errorRate();
    }
  }

  private record Rule(String service, String exact, Pattern pattern, ImageBehaviour behaviour) {}

  private final List<Rule> rules = new ArrayList<>();
  private final List<ErrorBurst> bursts = new ArrayList<>();
  /** service (GLOBAL for none) to image to profile; replaced, not cleared, on every change. */
  private volatile Map<String, Map<String, Profile>> cache = new ConcurrentHashMap<>();

  /** {@code image} (exact reference) behaves as {@code behaviour} on every service without a rule of its own. */
  public void set(String image, ImageBehaviour behaviour) {
    set(null, image, behaviour);
  }

  /** Images matching {@code regex} behave as {@code behaviour}, unless a more specific rule applies. */
  public void setPattern(String regex, ImageBehaviour behaviour) {
    setPattern(null, regex, behaviour);
  }

  /**
   * {@code image} (exact reference) behaves as {@code behaviour} on {@code service} (full name
   * {@code projects/P/locations/L/services/S}; null: every service).
   */
  public synchronized void set(String service, String image, ImageBehaviour behaviour) {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(behaviour, "behaviour");
    rules.removeIf(r -> image.equals(r.exact) && Objects.equals(service, r.service));
    rules.add(new Rule(service, image, null, behaviour));
    changed();
  }

  /** Images matching {@code regex} behave as {@code behaviour} on {@code service} (null: every service). */
  public synchronized void setPattern(String service, String regex, ImageBehaviour behaviour) {
    Objects.requireNonNull(behaviour, "behaviour");
    Pattern pattern = Pattern.compile(regex);
    rules.removeIf(r -> r.pattern != null && r.pattern.pattern().equals(regex) && Objects.equals(service, r.service));
    rules.add(new Rule(service, null, pattern, behaviour));
    changed();
  }

  /** Adds an error burst; it wins over every earlier one where they overlap. */
  public synchronized void addErrorBurst(ErrorBurst burst) {
    bursts.add(Objects.requireNonNull(burst, "burst"));
    changed();
  }

  /** Every error burst, in the order they were added. */
  public synchronized List<ErrorBurst> errorBursts() {
    return List.copyOf(bursts);
  }

  /** How {@code image} behaves on a service without rules of its own (global rules only). */
  public ImageBehaviour of(String image) {
    return of(null, image);
  }

  /** How {@code image} behaves on {@code service} (full name; null: global rules only). */
  public ImageBehaviour of(String service, String image) {
    return profile(service, image).behaviour();
  }

  /** The 5xx rate of {@code image} on {@code service} at {@code t}, bursts included. */
  public double errorRate(String service, String image, Instant t) {
    return profile(service, image).errorRateAt(t);
  }

  /** The behaviour of {@code image} on {@code service} and the bursts that concern it (cached). */
  public Profile profile(String service, String image) {
    Map<String, Map<String, Profile>> c = cache;
    String key = service == null ? GLOBAL : service;
    Map<String, Profile> byImage = c.get(key);
    if (byImage != null) {
      Profile p = byImage.get(image);
      if (p != null) {
        return p;
      }
    } else {
      byImage = new ConcurrentHashMap<>();
      Map<String, Profile> raced = c.putIfAbsent(key, byImage);
      if (raced != null) {
        byImage = raced;
      }
    }
    Profile p = resolve(service, image);
    // a change since `c` was read replaced the cache: this entry lands in the old one and is dropped
    byImage.put(image, p);
    return p;
  }

  private synchronized Profile resolve(String service, String image) {
    ImageBehaviour behaviour = null;
    if (service != null) {
      behaviour = match(service, image);
    }
    if (behaviour == null) {
      behaviour = match(null, image);
    }
    List<ErrorBurst> matching = new ArrayList<>();
    for (ErrorBurst b : bursts) {
      if (b.appliesTo(service, image)) {
        matching.add(b);
      }
    }
    return new Profile(behaviour == null ? ImageBehaviour.healthy() : behaviour, matching);
  }

  /** The rule of scope {@code service} (null: global) for {@code image}: exact first, then the newest pattern. */
  private ImageBehaviour match(String service, String image) {
    for (Rule r : rules) {
      if (Objects.equals(service, r.service) && image.equals(r.exact)) {
        return r.behaviour;
      }
    }
    for (int i = rules.size() - 1; i >= 0; i--) {
      Rule r = rules.get(i);
      if (Objects.equals(service, r.service) && r.pattern != null && r.pattern.matcher(image).matches()) {
        return r.behaviour;
      }
    }
    return null;
  }

  private void changed() {
    cache = new ConcurrentHashMap<>();
  }
}
