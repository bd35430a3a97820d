package dev.runshift.release;

import dev.runshift.policy.RolloutPolicy;
import dev.runshift.ports.BuildSpec;
import dev.runshift.ports.ServiceRef;
import dev.runshift.ports.TestSpec;

/**
 * One release of one image to one service. Exactly one of {@code image} ({@code repository@sha256:…})
 * and {@code build} is set: a release from a digest skips the build.
 *
 * @param releaseId unique and stable for this release; the candidate revision name derives from it
 * @param tests optional artifact tests run against the exact digest before deploying
 * @param origin where the request came from, e.g. {@code cloud-build:<id>}, {@code cli}, {@code fleet:<id>}
 */
public record ReleaseRequest(
    String releaseId,
    ServiceRef service,
    String image,
    BuildSpec build,
    TestSpec tests,
    RolloutPolicy policy,
    String origin) {}
