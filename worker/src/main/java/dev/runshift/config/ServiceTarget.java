package dev.runshift.config;

import dev.runshift.policy.RolloutPolicy;
import dev.runshift.ports.ServiceRef;
import dev.runshift.service.QueueMode;

/**
 * A service an image is released to.
 *
 * @param policy the validated policy for its releases; null: the service's default
 * @param policySource where the policy came from, for logs: {@code defaults}, {@code inline},
 *     {@code policies.<name>}, or a file path
 * @param mode queueing for this service; null: the service's default
 */
public record ServiceTarget(ServiceRef service, RolloutPolicy policy, String policySource, QueueMode mode) {}
