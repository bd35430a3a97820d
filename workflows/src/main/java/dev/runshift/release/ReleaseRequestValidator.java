package dev.runshift.release;

import dev.runshift.ports.ImageRef;
import dev.runshift.policy.InvalidPolicyException;
import dev.runshift.policy.PolicyLimits;
import dev.runshift.ports.BuildSpec;
import dev.runshift.ports.ServiceNames;

/**
 * Checks a {@link ReleaseRequest} before anything runs. Callers (trigger, CLI) use it to reject bad
 * input with a clear message; the workflow checks again and fails at once, before any step, on a request
 * no release can use.
 */
public final class ReleaseRequestValidator {

  private ReleaseRequestValidator() {}

  /** Throws an {@link IllegalArgumentException} naming the first unusable field and its value. */
  public static void validate(ReleaseRequest request) {
    if (request == null) {
      throw new IllegalArgumentException("invalid release request: request is missing");
    }
    if (request.releaseId() == null || request.releaseId().isBlank()) {
      throw invalid("releaseId", request.releaseId(), "must be a non-empty id");
    }
    if (request.service() == null) {
      throw invalid("service", null, "must name project, region and service");
    }
    String serviceProblem = ServiceNames.problem(request.service().service());
    if (serviceProblem != null) {
      throw new IllegalArgumentException("invalid release request: service.service: " + serviceProblem);
    }
    if ((request.image() == null) == (request.build() == null)) {
      throw invalid(
          "image/build", request.image() + " / " + request.build(), "exactly one of image and build must be set");
    }
    if (request.image() != null && !ImageRef.isPinned(request.image())) {
      throw invalid("image", request.image(), "must be pinned by digest: repository@sha256:<64 hex>");
    }
    if (request.build() != null) {
      BuildSpec build = request.build();
      if (build.source() == null || build.source().isBlank()) {
        throw invalid("build.source", build.source(), "must name the source archive");
      }
      if (build.imageRepository() == null || build.imageRepository().isBlank()) {
        throw invalid("build.imageRepository", build.imageRepository(), "must name the repository to push to");
      }
    }
    if (request.tests() != null
        && (request.tests().command() == null || request.tests().command().isEmpty())) {
      throw invalid("tests.command", request.tests().command(), "must not be empty when tests are set");
    }
    if (request.tests() != null
        && request.tests().timeout() != null
        && (request.tests().timeout().isNegative() || request.tests().timeout().isZero()
            || request.tests().timeout().compareTo(PolicyLimits.MAX_TEST_TIMEOUT) > 0)) {
      throw invalid("tests.timeout", request.tests().timeout(), "must be positive and at most " + PolicyLimits.MAX_TEST_TIMEOUT);
    }
    if (request.policy() == null) {
      throw invalid("policy", null, "a release needs a rollout policy");
    }
    try {
      request.policy().validated();
    } catch (InvalidPolicyException e) {
      throw new IllegalArgumentException("invalid release request: " + e.getMessage(), e);
    }
  }

  private static IllegalArgumentException invalid(String field, Object value, String rule) {
    return new IllegalArgumentException("invalid release request: " + field + " = " + value + ": " + rule);
  }
}
