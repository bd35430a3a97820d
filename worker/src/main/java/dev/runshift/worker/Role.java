package dev.runshift.worker;

import dev.runshift.ports.TaskQueues;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one worker process serves. Each role is one task queue, so each can run under its own Google
 * identity: {@code build} needs Cloud Build rights only, {@code deploy} Cloud Run rights only, {@code
 * verify} Monitoring read only, {@code notify} publish to its event topics only (and holds the webhook
 * secrets), and {@code workflows} no Google rights at all.
 */
public enum Role {
  WORKFLOWS(TaskQueues.WORKFLOWS),
  BUILD(TaskQueues.BUILD),
  DEPLOY(TaskQueues.DEPLOY),
  VERIFY(TaskQueues.VERIFY),
  NOTIFY(TaskQueues.NOTIFY);

  private final String taskQueue;

  Role(String taskQueue) {
    this.taskQueue = taskQueue;
  }

  public String taskQueue() {
    return taskQueue;
  }

  /** The role's name as written on the command line, e.g. {@code deploy}. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Set<Role> all() {
    return EnumSet.allOf(Role.class);
  }

  /** Parses {@code build,deploy} style lists; an unknown name is an error naming the valid ones. */
  public static Set<Role> parse(String commaSeparated) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String part : commaSeparated.split(",")) {
      String name = part.trim();
      if (name.isEmpty()) {
        continue;
      }
      if (name.equalsIgnoreCase("all")) {
        roles.addAll(all());
        continue;
      }
      roles.add(
          Arrays.stream(values())
              .filter(r -> r.cliName().equalsIgnoreCase(name))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "unknown role '" + name + "' (roles: build, deploy, verify, notify, workflows, all)")));
    }
    if (roles.isEmpty()) {
      throw new IllegalArgumentException("no roles given (roles: build, deploy, verify, notify, workflows, all)");
    }
    return roles;
  }

  public static String describe(Set<Role> roles) {
    return roles.stream().map(r -> r.cliName() + "→" + r.taskQueue()).collect(Collectors.joining(", "));
  }
}
