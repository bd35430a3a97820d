package dev.runshift.simulator.registry;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The tags of every simulated repository: tag resource name to version resource name. A tag points at
 * one version at a time; pushing the tag again moves it, as {@code docker push} does.
 */
final class TagStore {
  private final Map<String, String> versions = new ConcurrentSkipListMap<>();

  void put(String tagName, String versionName) {
    versions.put(tagName, versionName);
  }

  Optional<String> version(String tagName) {
    return Optional.ofNullable(versions.get(tagName));
  }

  /** Tag names under {@code packageName}, in name order. */
  List<String> tagsOf(String packageName) {
    String prefix = packageName + "/tags/";
    return versions.keySet().stream().filter(n -> n.startsWith(prefix)).toList();
  }
}
