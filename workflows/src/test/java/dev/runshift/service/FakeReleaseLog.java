package dev.runshift.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * What {@link FakeReleaseWorkflow}s did, in the order they did it, across all releases of one test:
 * starts, traffic changes, received signals and ends. Thread-safe; shared through the worker's factory.
 */
public final class FakeReleaseLog {

  /** One thing a release did. {@code kind}: started, traffic, signal, ended. */
  public record Entry(long order, String releaseId, String kind, String detail) {}

  private final List<Entry> entries = new ArrayList<>();
  private final Map<String, Integer> running = new ConcurrentHashMap<>();
  private int maxConcurrent;

  synchronized void record(String releaseId, String kind, String detail) {
    entries.add(new Entry(entries.size(), releaseId, kind, detail));
    if (kind.equals("started")) {
      running.put(releaseId, 1);
      maxConcurrent = Math.max(maxConcurrent, running.size());
    } else if (kind.equals("ended")) {
      running.remove(releaseId);
    }
  }

  public synchronized List<Entry> entries() {
    return List.copyOf(entries);
  }

  public synchronized List<Entry> entries(Predicate<Entry> filter) {
    return entries.stream().filter(filter).toList();
  }

  /** Release ids in the order they started. */
  public synchronized List<String> started() {
    return entries.stream().filter(e -> e.kind().equals("started")).map(Entry::releaseId).toList();
  }

  /** Images in the order their releases started. */
  public synchronized List<String> startedImages() {
    return entries.stream().filter(e -> e.kind().equals("started")).map(Entry::detail).toList();
  }

  /** {@code name:reason} of each signal a release received, in order. */
  public synchronized List<String> signals(String releaseId) {
    return entries.stream()
        .filter(e -> e.releaseId().equals(releaseId) && e.kind().equals("signal"))
        .map(Entry::detail)
        .toList();
  }

  /** The most releases that were running at the same time. */
  public synchronized int maxConcurrent() {
    return maxConcurrent;
  }

  public synchronized int size() {
    return entries.size();
  }

  @Override
  public synchronized String toString() {
    return new ArrayList<>(entries).toString();
  }
}
