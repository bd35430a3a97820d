package dev.runshift.simulator.pubsub;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pub/Sub resource names: {@code projects/{project}/topics/{topic}} and
 * {@code projects/{project}/subscriptions/{subscription}}, where the last segment starts with a letter, is
 * 3 to 255 characters of letters, digits and {@code - _ . ~ + %}, and does not start with {@code goog}.
 */
final class PubSubNames {
  private static final String ID = "([A-Za-z][A-Za-z0-9\\-_.~+%]{2,254})";
  private static final Pattern TOPIC = Pattern.compile("projects/([^/]+)/topics/" + ID);
  private static final Pattern SUBSCRIPTION = Pattern.compile("projects/([^/]+)/subscriptions/" + ID);
  private static final Pattern PROJECT = Pattern.compile("projects/([^/]+)");

  private PubSubNames() {}

  /** {@code name} if it is a valid topic name, else INVALID_ARGUMENT naming {@code field}. */
  static String topic(String name, String field) {
    return check(TOPIC, name, field, "projects/{project}/topics/{topic}");
  }

  /** {@code name} if it is a valid subscription name, else INVALID_ARGUMENT naming {@code field}. */
  static String subscription(String name, String field) {
    return check(SUBSCRIPTION, name, field, "projects/{project}/subscriptions/{subscription}");
  }

  /** {@code name} if it is {@code projects/{project}}, else INVALID_ARGUMENT naming {@code field}. */
  static String project(String name, String field) {
    if (name == null || name.isEmpty()) {
      throw Rpc.invalidArgument(field, "required");
    }
    if (!PROJECT.matcher(name).matches()) {
      throw Rpc.invalidArgument(field, "invalid project name \"" + name + "\", expected projects/{project}");
    }
    return name;
  }

  private static String check(Pattern pattern, String name, String field, String form) {
    if (name == null || name.isEmpty()) {
      throw Rpc.invalidArgument(field, "required");
    }
    Matcher m = pattern.matcher(name);
    if (!m.matches() || m.group(2).startsWith("goog")) {
      throw Rpc.invalidArgument(field, "invalid resource name \"" + name + "\", expected " + form);
    }
    return name;
  }
}
