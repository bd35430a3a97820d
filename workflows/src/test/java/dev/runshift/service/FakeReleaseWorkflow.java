package dev.runshift.service;

import dev.runshift.policy.RolloutPolicy;
import dev.runshift.release.Command;
import dev.runshift.release.Phase;
import dev.runshift.release.ReleaseOutcome;
import dev.runshift.release.ReleaseRequest;
import dev.runshift.release.ReleaseStatus;
import dev.runshift.release.ReleaseWorkflow;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.unsafe.WorkflowUnsafe;
import java.util.List;

/**
 * A stand-in release for testing the service entity: it walks the policy's steps, waiting {@code soak}
 * at each, and records every traffic change and signal in a {@link FakeReleaseLog}. {@code abort} rolls
 * back and ends ABORTED, {@code promote} ends PROMOTED at once, {@code pause} holds until {@code resume}.
 * An image containing {@code crash} fails the workflow; one containing {@code unhealthy} rolls back after
 * the first step. Registered under the real {@code ReleaseWorkflow} type; it touches no Cloud Run.
 */
public class FakeReleaseWorkflow implements ReleaseWorkflow {
  private final FakeReleaseLog journal;
  private String releaseId = "?";
  private String abortReason;
  private boolean promoteNow;
  private boolean paused;
  private Phase phase = Phase.PENDING;

  public FakeReleaseWorkflow(FakeReleaseLog journal) {
    this.journal = journal;
  }

  @Override
  public ReleaseOutcome run(ReleaseRequest request) {
    releaseId = request.releaseId();
    String image = request.image() != null ? request.image() : request.build().imageRepository() + "@built";
    record("started", image);
    if (image.contains("crash")) {
      record("ended", "crash");
      throw ApplicationFailure.newNonRetryableFailure("simulated release crash", "Crash");
    }
    RolloutPolicy policy = request.policy();
    phase = Phase.SHIFTING;
    int lastPercent = 0;
    for (int percent : policy.steps()) {
      Workflow.await(() -> !paused || abortReason != null || promoteNow);
      if (abortReason != null) {
        return end(request, Phase.ABORTED, image, abortReason);
      }
      if (promoteNow) {
        break;
      }
      record("traffic", Integer.toString(percent));
      lastPercent = percent;
      Workflow.await(policy.soak(), () -> abortReason != null || promoteNow);
      if (image.contains("unhealthy")) {
        return end(request, Phase.ROLLED_BACK, image, "candidate unhealthy");
      }
    }
    if (abortReason != null) {
      return end(request, Phase.ABORTED, image, abortReason);
    }
    if (lastPercent != 100) {
      record("traffic", "100");
    }
    return end(request, Phase.PROMOTED, image, promoteNow ? "promoted by operator" : "all steps healthy");
  }

  private ReleaseOutcome end(ReleaseRequest request, Phase finalPhase, String image, String reason) {
    if (finalPhase != Phase.PROMOTED) {
      record("traffic", "0");
    }
    phase = finalPhase;
    record("ended", finalPhase.name());
    return new ReleaseOutcome(request.releaseId(), finalPhase, image, "rev-" + request.releaseId(), reason, null);
  }

  private void record(String kind, String detail) {
    if (!WorkflowUnsafe.isReplaying()) {
      journal.record(releaseId, kind, detail);
    }
  }

  @Override
  public void pause(String reason) {
    record("signal", "pause:" + reason);
    paused = true;
  }

  @Override
  public void resume(String reason) {
    record("signal", "resume:" + reason);
    paused = false;
  }

  @Override
  public void promote(String reason) {
    record("signal", "promote:" + reason);
    promoteNow = true;
  }

  @Override
  public void abort(String reason) {
    record("signal", "abort:" + reason);
    abortReason = reason;
  }

  @Override
  public void approve(String reason) {
    record("signal", "approve:" + reason);
  }

  @Override
  public void retry(String reason) {
    record("signal", "retry:" + reason);
  }

  @Override
  public void skip(String reason) {
    record("signal", "skip:" + reason);
  }

  @Override
  public String control(Command command) {
    record("signal", command.action().name().toLowerCase() + ":" + command.reason());
    return "noted";
  }

  @Override
  public void validateControl(Command command) {}

  @Override
  public ReleaseStatus status() {
    return new ReleaseStatus(
        releaseId, null, phase, null, null, List.of(), null, -1, List.of(), null, null, List.of(), List.of());
  }
}
