package dev.runshift.service;

import dev.runshift.policy.RolloutPolicy;
import dev.runshift.ports.BuildSpec;
import dev.runshift.ports.TestSpec;

/**
 * A request to release something to a service, as sent to its {@link ServiceWorkflow}. Exactly one of
 * {@code image} ({@code repository@sha256:…}) and {@code build} is set.
 *
 * @param tests optional artifact tests for the exact image
 * @param policy the rollout policy; null: the service's default
 * @param origin where the request came from: {@code cloud-build:<buildId>}, {@code cli}, {@code fleet:<id>}
 * @param dedupeKey optional; a second request with a key the service already accepted is ignored
 *     (e.g. {@code cloud-build:<buildId>:<image>} so a redelivered notification releases nothing)
 * @param requestedBy who asked, for the record
 * @param mode what to do if a release is running; null: the service's default
 * @param replyTo optional workflow id to signal {@link FleetReply#SIGNAL} with this request's
 *     {@link FleetReply} once it is settled (released, unchanged, superseded or rejected)
 */
public record ReleaseSubmission(
    String image,
    BuildSpec build,
    TestSpec tests,
    RolloutPolicy policy,
    String origin,
    String dedupeKey,
    String requestedBy,
    QueueMode mode,
    String replyTo) {

  /** A request without a reply address (as before replies existed). */
  public ReleaseSubmission(
      String image, BuildSpec build, TestSpec tests, RolloutPolicy policy, String origin, String dedupeKey,
      String requestedBy, QueueMode mode) {
    this(image, build, tests, policy, origin, dedupeKey, requestedBy, mode, null);
  }

  /** A release of an already built image by digest, with the service's default policy and mode. */
  public static ReleaseSubmission ofImage(String image, String origin, String dedupeKey, String requestedBy) {
    return new ReleaseSubmission(image, null, null, null, origin, dedupeKey, requestedBy, null, null);
  }

  public ReleaseSubmission withPolicy(RolloutPolicy newPolicy) {
    return new ReleaseSubmission(image, build, tests, newPolicy, origin, dedupeKey, requestedBy, mode, replyTo);
  }

  public ReleaseSubmission withMode(QueueMode newMode) {
    return new ReleaseSubmission(image, build, tests, policy, origin, dedupeKey, requestedBy, newMode, replyTo);
  }

  public ReleaseSubmission withTests(TestSpec newTests) {
    return new ReleaseSubmission(image, build, newTests, policy, origin, dedupeKey, requestedBy, mode, replyTo);
  }

  /** The same request, settled with a {@link FleetReply} to workflow {@code workflowId}. */
  public ReleaseSubmission withReplyTo(String workflowId) {
    return new ReleaseSubmission(image, build, tests, policy, origin, dedupeKey, requestedBy, mode, workflowId);
  }

  /** The image, or a short description of the build for records. */
  public String describeArtifact() {
    if (image != null) {
      return image;
    }
    return build == null ? "(nothing)" : "build of " + build.source() + " -> " + build.imageRepository();
  }
}
