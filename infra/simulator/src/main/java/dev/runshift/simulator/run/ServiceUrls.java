package dev.runshift.simulator.run;

import dev.runshift.simulator.core.ProjectNumbers;
import dev.runshift.simulator.run.ResourceNames.ServiceName;
import java.util.List;

/**
 * The URLs Cloud Run gives a service: {@code https://SERVICE-HASH-RC.a.run.app} (HASH stable per project,
 * RC the region's initials, e.g. {@code uc} for us-central1), {@code https://SERVICE-NUMBER.REGION.run.app},
 * and per traffic tag {@code https://TAG---SERVICE-HASH-RC.a.run.app}. Nothing listens on them.
 */
final class ServiceUrls {
  private ServiceUrls() {}

  static String uri(ServiceName name) {
    return "https://" + host(name);
  }

  static List<String> urls(ServiceName name) {
    return List.of(
        "https://" + name.service() + "-" + ProjectNumbers.of(name.project()) + "." + name.location() + ".run.app",
        uri(name));
  }

  static String tagUri(ServiceName name, String tag) {
    return "https://" + tag + "---" + host(name);
  }

  private static String host(ServiceName name) {
    return name.service() + "-" + projectHash(name.project()) + "-" + regionCode(name.location()) + ".a.run.app";
  }

  private static String projectHash(String project) {
    String base36 = Long.toString(ProjectNumbers.of(project) * 7919L, 36);
    return (base36 + "abcdefghij").substring(0, 10);
  }

  /** {@code us-central1} -> {@code uc}, {@code europe-west4} -> {@code ew}. */
  static String regionCode(String region) {
    StringBuilder code = new StringBuilder();
    for (String part : region.split("-")) {
      if (!part.isEmpty() && Character.isLetter(part.charAt(0))) {
        code.append(part.charAt(0));
      }
    }
    return code.length() == 0 ? "xx" : code.toString();
  }
}
