package dev.runshift.activities.google;

import java.util.Objects;

/**
 * What an activity was doing when a Google API call failed, in the words an operator needs to fix it.
 *
 * @param api the API's name as an operator knows it, e.g. {@code Cloud Run}
 * @param permission the IAM permission the call needs, e.g. {@code run.services.update}
 * @param role the narrowest predefined role that grants it, e.g. {@code roles/run.developer}
 * @param resource the full resource name the call acted on
 * @param worker which worker's identity made the call, e.g. {@code deploy worker}
 * @param hint extra advice appended to a permission error (may be empty)
 */
public record GoogleCall(
    String api, String permission, String role, String resource, String worker, String hint) {

  public GoogleCall {
    Objects.requireNonNull(api, "api");
    Objects.requireNonNull(permission, "permission");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(worker, "worker");
    hint = hint == null ? "" : hint;
  }

  public GoogleCall(String api, String permission, String role, String resource, String worker) {
    this(api, permission, role, resource, worker, "");
  }
}
