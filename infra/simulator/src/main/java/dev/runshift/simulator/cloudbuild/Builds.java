package dev.runshift.simulator.cloudbuild;

import com.google.cloudbuild.v1.Build;
import com.google.cloudbuild.v1.BuildOperationMetadata;
import com.google.cloudbuild.v1.BuiltImage;
import com.google.longrunning.Operation;
import com.google.protobuf.Any;
import com.google.rpc.Code;
import dev.runshift.simulator.core.OperationStore;
import dev.runshift.simulator.core.SimClock;
import dev.runshift.simulator.core.SimConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The build service itself, shared by the gRPC surface and the in-process API: validates and accepts
 * builds, answers reads as of the simulator clock, cancels, and keeps each build's long-running operation
 * registered in the shared {@link OperationStore}. Every read first announces the status changes that are
 * due, so a client never sees a status whose notification has not been published.
 */
final class Builds {
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");

  private final SimConfig config;
  private final SimClock clock;
  private final OperationStore operations;
  private final OutcomeScript script;
  private final BuildNotifier notifier;
  private final BuildStore store = new BuildStore();
  private final AtomicLong sequence = new AtomicLong();

  Builds(SimConfig config, SimClock clock, OperationStore operations, OutcomeScript script,
      BuildNotifier notifier) {
    this.config = config;
    this.clock = clock;
    this.operations = operations;
    this.script = script;
    this.notifier = notifier;
  }

  /** Accepts {@code build} in {@code project}: it is QUEUED now, and its operation is registered. */
  BuildRecord submit(String project, String location, Build build) {
    validate(build);
    long seq = sequence.incrementAndGet();
    String id = UUID.nameUUIDFromBytes(
        (config.seed() + "/build/" + seq).getBytes(StandardCharsets.UTF_8)).toString();
    Substitutions substitutions = Substitutions.of(build, project, id, location);
    ResolvedBuild resolved = BuildSteps.resolve(build, substitutions);
    OutcomeScript.Decision decision = script.decide(resolved);
    List<BuiltImage> images = new ArrayList<>();
    for (String image : resolved.pushedImages()) {
      images.add(BuiltImage.newBuilder()
          .setName(image)
          .setDigest(ImageDigests.digest(config.seed(), image, build))
          .build());
    }
    BuildRecord record = new BuildRecord(project, location, id, seq, build, clock.now(),
        config.buildQueueDelay(), config.buildWorkDelay(), decision, images);
    store.add(record);
    operations.register(record.operationName(), () -> operation(record));
    notifier.announceDue(record, clock.now());
    return record;
  }

  BuildRecord find(String project, String id) {
    return store.find(project, id)
        .orElseThrow(() -> BuildErrors.notFound("build " + id + " in project " + project));
  }

  Build view(BuildRecord record) {
    var now = clock.now();
    notifier.announceDue(record, now);
    return record.view(now);
  }

  /** Builds of {@code project} matching {@code filter} as of now, newest first. */
  List<Build> list(String project, BuildFilter filter) {
    var now = clock.now();
    List<Build> list = new ArrayList<>();
    for (BuildRecord r : store.inProject(project)) {
      notifier.announceDue(r, now);
      Build b = r.view(now);
      if (filter.matches(b)) {
        list.add(b);
      }
    }
    return list;
  }

  /** Cancels a queued or working build; FAILED_PRECONDITION if it already ended. */
  Build cancel(BuildRecord record) {
    var now = clock.now();
    synchronized (record) {
      notifier.announceDue(record, now);
      if (!record.cancel(now)) {
        throw BuildErrors.failedPrecondition("build " + record.id() + " is already " + record.status(now)
            + " and cannot be cancelled");
      }
      notifier.announceDue(record, now);
      return record.view(now);
    }
  }

  /** Announces every due status change of every build that has not finished announcing. */
  void announceDue() {
    var now = clock.now();
    for (BuildRecord r : store.unsettled()) {
      notifier.announceDue(r, now);
    }
  }

  /**
   * The build's operation as of now: metadata carries the build; done when the build ended; a successful
   * build is the response, other ends are an error status (FAILURE: UNKNOWN, TIMEOUT: DEADLINE_EXCEEDED,
   * CANCELLED: CANCELLED), so the client's operation future fails as it does against Cloud Build.
   */
  Operation operation(BuildRecord record) {
    Build build = view(record);
    Operation.Builder op = Operation.newBuilder()
        .setName(record.operationName())
        .setMetadata(Any.pack(BuildOperationMetadata.newBuilder().setBuild(build).build()));
    switch (build.getStatus()) {
      case SUCCESS -> op.setDone(true).setResponse(Any.pack(build));
      case FAILURE -> op.setDone(true).setError(error(Code.UNKNOWN, "Build failed; check build logs for details"));
      case TIMEOUT -> op.setDone(true).setError(error(Code.DEADLINE_EXCEEDED, "Build timed out"));
      case CANCELLED -> op.setDone(true).setError(error(Code.CANCELLED, "Build was cancelled"));
      default -> op.setDone(false);
    }
    return op.build();
  }

  private static com.google.rpc.Status error(Code code, String message) {
    return com.google.rpc.Status.newBuilder().setCode(code.getNumber()).setMessage(message).build();
  }

  private static void validate(Build build) {
    if (build.getStepsCount() == 0) {
      throw BuildErrors.invalidArgument("build.steps", "a build must have at least one step");
    }
    for (int i = 0; i < build.getStepsCount(); i++) {
      if (build.getSteps(i).getName().isBlank()) {
        throw BuildErrors.invalidArgument("build.steps[" + i + "].name", "the step's container image is required");
      }
    }
    for (int i = 0; i < build.getImagesCount(); i++) {
      if (build.getImages(i).isBlank()) {
        throw BuildErrors.invalidArgument("build.images[" + i + "]", "must not be empty");
      }
    }
    for (int i = 0; i < build.getTagsCount(); i++) {
      if (!TAG.matcher(build.getTags(i)).matches()) {
        throw BuildErrors.invalidArgument("build.tags[" + i + "]", "\"" + build.getTags(i)
            + "\" must match ^[\\w][\\w.-]{0,127}$");
      }
    }
    if (build.hasTimeout() && (build.getTimeout().getSeconds() < 0
        || (build.getTimeout().getSeconds() == 0 && build.getTimeout().getNanos() <= 0))) {
      throw BuildErrors.invalidArgument("build.timeout", "must be positive");
    }
  }
}
