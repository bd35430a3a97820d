package dev.runshift.config;

import java.util.Map;
import java.util.Objects;

/**
 * Services can opt in to managed rollouts with Cloud Run labels, the convention of Google's Cloud Run
 * Release Manager: a service labelled {@code rollout-strategy=gradual} is managed (the key and value are
 * configurable). A second label, {@code runshift-policy=<name>}, picks a named policy from the routing
 * config's {@code policies}; without it the default policy applies.
 *
 * <p>{@link #choose} is pure: the same labels always give the same choice. Resolving a policy name is
 * left to the caller, which knows the config.
 *
 * @param optInKey the label that opts a service in ({@code rollout-strategy})
 * @param optInValue the value that means "managed" ({@code gradual})
 * @param policyKey the label naming a policy ({@code runshift-policy})
 */
public record LabelOptIn(String optInKey, String optInValue, String policyKey) {

  public static final String DEFAULT_OPT_IN_KEY = "rollout-strategy";
  public static final String DEFAULT_OPT_IN_VALUE = "gradual";
  public static final String DEFAULT_POLICY_KEY = "runshift-policy";

  public LabelOptIn {
    Objects.requireNonNull(optInKey, "optInKey");
    Objects.requireNonNull(optInValue, "optInValue");
    Objects.requireNonNull(policyKey, "policyKey");
  }

  public static LabelOptIn defaults() {
    return new LabelOptIn(DEFAULT_OPT_IN_KEY, DEFAULT_OPT_IN_VALUE, DEFAULT_POLICY_KEY);
  }

  /** What labels say about a service. */
  public sealed interface Choice {
    /** Managed, with the named policy, or the default one when {@code policyName} is null. */
    record Managed(String policyName) implements Choice {}

    /** Not managed; {@code reason} says why, for logs. */
    record NotManaged(String reason) implements Choice {}
  }

  /** Decides from a service's labels (null means no labels). */
  public Choice choose(Map<String, String> labels) {
    Map<String, String> l = labels == null ? Map.of() : labels;
    String strategy = l.get(optInKey);
    if (strategy == null) {
      return new Choice.NotManaged("no " + optInKey + " label");
    }
    if (!strategy.equals(optInValue)) {
      return new Choice.NotManaged(optInKey + "=" + strategy + " (only " + optInValue + " opts in)");
    }
    String policy = l.get(policyKey);
    return new Choice.Managed(policy == null || policy.isBlank() ? null : policy);
  }
}
