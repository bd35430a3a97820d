package dev.runshift.simulator.cloudbuild;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Every build submitted, by project and id; listings are newest first. */
final class BuildStore {
  private final Map<String, BuildRecord> builds = new ConcurrentHashMap<>();

  void add(BuildRecord record) {
    builds.put(key(record.project(), record.id()), record);
  }

  Optional<BuildRecord> find(String project, String id) {
    return Optional.ofNullable(builds.get(key(project, id)));
  }

  List<BuildRecord> inProject(String project) {
    List<BuildRecord> list = new ArrayList<>();
    for (BuildRecord r : builds.values()) {
      if (r.project().equals(project)) {
        list.add(r);
      }
    }
    list.sort(Comparator.comparingLong(BuildRecord::sequence).reversed());
    return list;
  }

  /** Builds whose final status change has not been announced yet. */
  List<BuildRecord> unsettled() {
    List<BuildRecord> list = new ArrayList<>();
    for (BuildRecord r : builds.values()) {
      if (!r.settled()) {
        list.add(r);
      }
    }
    list.sort(Comparator.comparingLong(BuildRecord::sequence));
    return list;
  }

  private static String key(String project, String id) {
    return project + "/" + id;
  }
}
