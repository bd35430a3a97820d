package dev.runshift.simulator.core;

import java.time.Instant;

/**
 * One gRPC call the simulator received: full method name (e.g.
 * {@code google.cloud.run.v2.Services/UpdateService}), the resource it named, when (simulator time),
 * and the status code it answered with.
 */
public record ApiCall(String method, String resource, Instant at, String status) {

  /** The service part of the method, e.g. {@code google.cloud.run.v2.Services}. */
  public String service() {
    int slash = method.indexOf('/');
    return slash < 0 ? method : method.substring(0, slash);
  }

  /** True for the calls that change state (Create*, Update*, Delete*, Cancel*, Publish...). */
  public boolean isWrite() {
    String name = method.substring(method.indexOf('/') + 1);
    return name.startsWith("Create") || name.startsWith("Update") || name.startsWith("Delete")
        || name.startsWith("Cancel") || name.startsWith("Publish");
  }
}
