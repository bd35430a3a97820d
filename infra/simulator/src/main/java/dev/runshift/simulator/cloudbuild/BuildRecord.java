package dev.runshift.simulator.cloudbuild;

import com.google.cloudbuild.v1.Build;
import com.google.cloudbuild.v1.BuildStep;
import com.google.cloudbuild.v1.BuiltImage;
import com.google.cloudbuild.v1.Results;
import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * One submitted build and its planned timeline: QUEUED from creation, WORKING from {@code started}, and
 * its scripted end at {@code plannedEnd} — unless cancelled before. The build's state at any instant is a
 * function of that instant (read from the simulator clock by callers), so it needs no timer to progress.
 * Also remembers which status changes have been announced, so each is announced exactly once.
 */
final class BuildRecord {
  /** A status change and when it happens. */
  record Transition(Build.Status status, Instant at) {}

  static final java.time.Duration DEFAULT_TIMEOUT = java.time.Duration.ofMinutes(10);
  static final java.time.Duration DEFAULT_QUEUE_TTL = java.time.Duration.ofHours(1);

  private final String project;
  private final String location;
  private final String id;
  private final long sequence;
  private final Build submitted;
  private final Instant created;
  private final Instant started;
  private final Instant plannedEnd;
  private final Build.Status plannedStatus;
  private final int failingStep;
  private final BuildOutcome outcome;
  private final List<BuiltImage> images;
  private final java.time.Duration timeout;
  // Guarded by this.
  private Instant cancelledAt;
  private final EnumSet<Build.Status> announced = EnumSet.noneOf(Build.Status.class);

  BuildRecord(String project, String location, String id, long sequence, Build submitted, Instant created,
      java.time.Duration queueDelay, java.time.Duration workDelay, OutcomeScript.Decision decision,
      List<BuiltImage> images) {
    this.project = project;
    this.location = location;
    this.id = id;
    this.sequence = sequence;
    this.submitted = submitted;
    this.created = created;
    this.started = created.plus(queueDelay);
    this.timeout = submitted.hasTimeout()
        ? java.time.Duration.ofSeconds(submitted.getTimeout().getSeconds(), submitted.getTimeout().getNanos())
        : DEFAULT_TIMEOUT;
    Build.Status status = decision.outcome().status();
    if (status == Build.Status.TIMEOUT || workDelay.compareTo(timeout) > 0) {
      this.plannedStatus = Build.Status.TIMEOUT;
      this.plannedEnd = started.plus(timeout);
    } else {
      this.plannedStatus = status;
      this.plannedEnd = started.plus(workDelay);
    }
    this.failingStep = decision.failingStep();
    this.outcome = decision.outcome();
    this.images = List.copyOf(images);
  }

  String project() {
    return project;
  }

  String id() {
    return id;
  }

  long sequence() {
    return sequence;
  }

  /** {@code operations/build/PROJECT/BASE64(ID)}, the form Cloud Build names its build operations. */
  String operationName() {
    return "operations/build/" + project + "/"
        + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(id.getBytes(
            java.nio.charset.StandardCharsets.UTF_8));
  }

  synchronized Build.Status status(Instant at) {
    if (cancelledAt != null && !at.isBefore(cancelledAt)) {
      return Build.Status.CANCELLED;
    }
    if (at.isBefore(started)) {
      return Build.Status.QUEUED;
    }
    if (at.isBefore(plannedEnd)) {
      return Build.Status.WORKING;
    }
    return plannedStatus;
  }

  static boolean isTerminal(Build.Status status) {
    return status != Build.Status.QUEUED && status != Build.Status.WORKING
        && status != Build.Status.PENDING && status != Build.Status.STATUS_UNKNOWN;
  }

  /** Cancels the build at {@code at}; false (and no change) if it had already ended by then. */
  synchronized boolean cancel(Instant at) {
    if (isTerminal(status(at))) {
      return false;
    }
    cancelledAt = at;
    return true;
  }

  /** The status changes that have happened by {@code now} and were not announced yet, in order. */
  synchronized List<Transition> unannounced(Instant now) {
    List<Transition> all = new ArrayList<>();
    all.add(new Transition(Build.Status.QUEUED, created));
    if (cancelledAt == null || !cancelledAt.isBefore(started)) {
      all.add(new Transition(Build.Status.WORKING, started));
    }
    all.add(cancelledAt != null
        ? new Transition(Build.Status.CANCELLED, cancelledAt)
        : new Transition(plannedStatus, plannedEnd));
    List<Transition> due = new ArrayList<>();
    for (Transition t : all) {
      if (!t.at.isAfter(now) && !announced.contains(t.status)) {
        due.add(t);
      }
    }
    return due;
  }

  synchronized void markAnnounced(Build.Status status) {
    announced.add(status);
  }

  /** True once the final status change has been announced; nothing about this build changes after. */
  synchronized boolean settled() {
    return announced.stream().anyMatch(BuildRecord::isTerminal);
  }

  /** The Build resource as of {@code at}. */
  synchronized Build view(Instant at) {
    Build.Status status = status(at);
    Build.Builder b = submitted.toBuilder()
        .setName("projects/" + project + "/locations/" + location + "/builds/" + id)
        .setId(id)
        .setProjectId(project)
        .setStatus(status)
        .clearStatusDetail()
        .clearResults()
        .clearFailureInfo()
        .clearStartTime()
        .clearFinishTime()
        .setCreateTime(timestamp(created))
        .setTimeout(duration(timeout))
        .setLogUrl("https://console.cloud.google.com/cloud-build/builds;region=" + location + "/" + id
            + "?project=" + project);
    if (!submitted.hasQueueTtl()) {
      b.setQueueTtl(duration(DEFAULT_QUEUE_TTL));
    }
    if (submitted.getLogsBucket().isEmpty()) {
      b.setLogsBucket("gs://" + project + "_cloudbuild/logs");
    }
    boolean ranSteps = status != Build.Status.QUEUED
        && (status != Build.Status.CANCELLED || !cancelledAt.isBefore(started));
    if (ranSteps) {
      b.setStartTime(timestamp(started));
    }
    if (isTerminal(status)) {
      b.setFinishTime(timestamp(status == Build.Status.CANCELLED ? cancelledAt : plannedEnd));
    }
    switch (status) {
      case SUCCESS -> {
        for (int i = 0; i < b.getStepsCount(); i++) {
          b.setSteps(i, b.getSteps(i).toBuilder().setStatus(Build.Status.SUCCESS));
        }
        b.setResults(Results.newBuilder().addAllImages(images));
      }
      case FAILURE -> {
        if (outcome.failsAStep()) {
          for (int i = 0; i < failingStep && i < b.getStepsCount(); i++) {
            b.setSteps(i, b.getSteps(i).toBuilder().setStatus(Build.Status.SUCCESS));
          }
          BuildStep failing = b.getSteps(failingStep);
          b.setSteps(failingStep, failing.toBuilder().setStatus(Build.Status.FAILURE).setExitCode(1));
          String summary = "Build step failure: build step " + failingStep + " \"" + failing.getName()
              + "\" failed: step exited with non-zero status: 1";
          b.setStatusDetail(summary);
          b.setFailureInfo(Build.FailureInfo.newBuilder()
              .setType(Build.FailureInfo.FailureType.USER_BUILD_STEP)
              .setDetail(outcome.detail().isEmpty() ? summary : summary + "\n" + outcome.detail()));
        } else {
          for (int i = 0; i < b.getStepsCount(); i++) {
            b.setSteps(i, b.getSteps(i).toBuilder().setStatus(Build.Status.SUCCESS));
          }
          b.setStatusDetail(outcome.detail());
          b.setFailureInfo(Build.FailureInfo.newBuilder()
              .setType(outcome.failureType())
              .setDetail(outcome.detail()));
        }
      }
      case TIMEOUT -> b.setStatusDetail("Build timed out after " + timeout.toSeconds() + "s");
      default -> { }
    }
    return b.build();
  }

  private static Timestamp timestamp(Instant i) {
    return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
  }

  private static Duration duration(java.time.Duration d) {
    return Duration.newBuilder().setSeconds(d.getSeconds()).setNanos(d.getNano()).build();
  }
}
