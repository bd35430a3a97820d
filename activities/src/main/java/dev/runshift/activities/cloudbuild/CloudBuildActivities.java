package dev.runshift.activities.cloudbuild;

import com.google.api.gax.longrunning.OperationFuture;
import com.google.api.gax.longrunning.OperationSnapshot;
import com.google.api.gax.rpc.ApiException;
import com.google.cloudbuild.v1.Build;
import com.google.cloudbuild.v1.BuildOperationMetadata;
import com.google.cloudbuild.v1.CreateBuildRequest;
import com.google.cloudbuild.v1.ListBuildsRequest;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.runshift.activities.google.GoogleCall;
import dev.runshift.activities.google.GoogleClients;
import dev.runshift.activities.google.GoogleErrors;
import dev.runshift.activities.google.Waits;
import dev.runshift.ports.ArtifactTestRequest;
import dev.runshift.ports.BuildRequest;
import dev.runshift.ports.BuildService;
import dev.runshift.ports.BuiltImage;
import dev.runshift.ports.FailureTypes;
import dev.runshift.ports.TestReport;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link BuildService} over Cloud Build v1.
 *
 * <p>Each build carries a tag derived from the release id ({@link BuildTags}). An attempt first looks
 * for the build an earlier attempt started (the build id it heartbeated, else a build listed with the
 * tag) and waits on it unless it failed; only when there is none does it create one. So a retried
 * activity never builds twice, while a deliberate retry after a failed build does build again.
 */
public final class CloudBuildActivities implements BuildService {
  private static final Logger log = LoggerFactory.getLogger(CloudBuildActivities.class);
  private static final String API = "Cloud Build";
  private static final String WORKER = "build worker";
  private static final int TAIL_LINES = 30;
  private static final int TAIL_CHARS = 4000;

  private final GoogleClients clients;

  public CloudBuildActivities(GoogleClients clients) {
    this.clients = clients;
  }

  @Override
  public BuiltImage build(BuildRequest request) {
    String tag = BuildTags.forBuild(request.releaseId());
    Build definition;
    try {
      definition = BuildDefinitions.imageBuild(request.spec(), tag);
    } catch (BuildDefinitions.UnsupportedSpecException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), FailureTypes.INVALID_ARGUMENT);
    }
    Build done = runOnce(request.project(), tag, definition);
    String pushed = BuildDefinitions.taggedImage(request.spec(), tag);
    switch (done.getStatus()) {
      case SUCCESS:
        return done.getResults().getImagesList().stream()
            .filter(i -> pushed.equals(i.getName()) || request.spec().imageRepository().equals(i.getName()))
            .filter(i -> i.getDigest().startsWith("sha256:"))
            .findFirst()
            .map(i -> new BuiltImage(request.spec().imageRepository() + "@" + i.getDigest(), done.getId()))
            .orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
                "build " + done.getId() + " succeeded but reported no digest for " + pushed + " in results.images "
                    + done.getResults().getImagesList() + "; check the build's images field and push step.",
                FailureTypes.BUILD_FAILED));
      case INTERNAL_ERROR:
      case EXPIRED:
        throw ApplicationFailure.newFailure(
            "build " + done.getId() + " ended " + done.getStatus() + " (" + done.getStatusDetail()
                + "): a Cloud Build problem, not the source's; building again.",
            "BuildInfrastructureError");
      default:
        throw ApplicationFailure.newNonRetryableFailure(
            "build " + done.getId() + " ended " + done.getStatus() + ": " + tail(failureText(done))
                + logHint(done),
            FailureTypes.BUILD_FAILED,
            done.getId());
    }
  }

  @Override
  public TestReport testArtifact(ArtifactTestRequest request) {
    String tag = BuildTags.forTest(request.releaseId());
    Build definition;
    try {
      definition = BuildDefinitions.testBuild(request.image(), request.spec(), tag);
    } catch (BuildDefinitions.UnsupportedSpecException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), FailureTypes.INVALID_ARGUMENT);
    }
    Build done = runOnce(request.project(), tag, definition);
    String output = tail(outputText(done));
    switch (done.getStatus()) {
      case SUCCESS:
        return new TestReport(true, done.getId(), output);
      case INTERNAL_ERROR:
      case EXPIRED:
        throw ApplicationFailure.newFailure(
            "test run " + done.getId() + " ended " + done.getStatus() + " (" + done.getStatusDetail()
                + "): a Cloud Build problem, not the tests'; running them again.",
            "BuildInfrastructureError");
      default:
        TestReport report = new TestReport(false, done.getId(), output);
        throw ApplicationFailure.newNonRetryableFailure(
            "tests of " + request.image() + " failed (" + done.getStatus() + ", build " + done.getId() + "):\n"
                + output + logHint(done),
            FailureTypes.ARTIFACT_TESTS_FAILED,
            report);
    }
  }

  /**
   * The finished build tagged {@code tag}: the one an earlier attempt started if it has not failed,
   * otherwise a new one from {@code definition}. Heartbeats the build id while waiting.
   */
  private Build runOnce(String project, String tag, Build definition) {
    Optional<Build> earlier = heartbeatedBuild(project).or(() -> listedBuild(project, tag));
    if (earlier.isPresent()) {
      log.info("waiting on build {} (tag {}) started by an earlier attempt", earlier.get().getId(), tag);
      return awaitBuild(project, earlier.get().getId());
    }
    OperationFuture<Build, BuildOperationMetadata> op;
    String buildId = null;
    try {
      op = clients.cloudBuild().createBuildAsync(
          CreateBuildRequest.newBuilder().setProjectId(project).setBuild(definition).build());
      buildId = buildIdOf(op.getInitialFuture().get());
      log.info("started build {} (tag {}) in {}", buildId, tag, project);
      Activity.getExecutionContext().heartbeat(buildId);
      Build result = Waits.await(op, clients.config().heartbeatEvery(), buildId);
      return isTerminal(result) ? result : awaitBuild(project, result.getId());
    } catch (ExecutionException | ApiException e) {
      if (buildId != null && GoogleErrors.code(e).isPresent()) {
        // A failed build fails its operation too; the build itself says how and why.
        return awaitBuild(project, buildId);
      }
      throw GoogleErrors.toFailure(e, createCall(project));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting a build", e);
    }
  }

  private Optional<Build> heartbeatedBuild(String project) {
    Optional<String> id = Activity.getExecutionContext().getHeartbeatDetails(String.class);
    if (id.isEmpty() || id.get().isBlank()) {
      return Optional.empty();
    }
    Build b = getBuild(project, id.get());
    return isFailed(b) ? Optional.empty() : Optional.of(b);
  }

  private Optional<Build> listedBuild(String project, String tag) {
    try {
      Iterable<Build> builds =
          clients.cloudBuild()
              .listBuilds(
                  ListBuildsRequest.newBuilder()
                      .setProjectId(project)
                      .setFilter("tags=\"" + tag + "\"")
                      .build())
              .iterateAll();
      return StreamSupport.stream(builds.spliterator(), false)
          .filter(b -> b.getTagsList().contains(tag))
          .filter(b -> !isFailed(b))
          // Prefer a finished build, then the newest.
          .min(Comparator.comparing((Build b) -> b.getStatus() != Build.Status.SUCCESS)
              .thenComparing(b -> -b.getCreateTime().getSeconds()));
    } catch (ApiException e) {
      throw GoogleErrors.toFailure(e, new GoogleCall(
          API, "cloudbuild.builds.list", "roles/cloudbuild.builds.viewer", "projects/" + project, WORKER));
    }
  }

  private Build awaitBuild(String project, String id) {
    return Waits.poll(
        () -> getBuild(project, id),
        CloudBuildActivities::isTerminal,
        clients.config().buildPolling(),
        clients.config().heartbeatEvery(),
        id);
  }

  private Build getBuild(String project, String id) {
    try {
      return clients.cloudBuild().getBuild(project, id);
    } catch (ApiException e) {
      throw GoogleErrors.toFailure(e, new GoogleCall(
          API, "cloudbuild.builds.get", "roles/cloudbuild.builds.viewer",
          "projects/" + project + "/builds/" + id, WORKER));
    }
  }

  private static String buildIdOf(OperationSnapshot snapshot) {
    Object meta = snapshot.getMetadata();
    try {
      if (meta instanceof BuildOperationMetadata m) {
        return m.getBuild().getId();
      }
      if (meta instanceof Any any && any.is(BuildOperationMetadata.class)) {
        return any.unpack(BuildOperationMetadata.class).getBuild().getId();
      }
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("Cloud Build returned unreadable operation metadata", e);
    }
    throw new IllegalStateException("Cloud Build's operation " + snapshot.getName() + " carries no build id");
  }

  static boolean isTerminal(Build b) {
    switch (b.getStatus()) {
      case SUCCESS:
      case FAILURE:
      case INTERNAL_ERROR:
      case TIMEOUT:
      case CANCELLED:
      case EXPIRED:
        return true;
      default:
        return false;
    }
  }

  static boolean isFailed(Build b) {
    return isTerminal(b) && b.getStatus() != Build.Status.SUCCESS;
  }

  private static String failureText(Build b) {
    StringBuilder s = new StringBuilder();
    if (!b.getFailureInfo().getDetail().isEmpty()) {
      s.append(b.getFailureInfo().getDetail());
    }
    if (!b.getStatusDetail().isEmpty() && !s.toString().contains(b.getStatusDetail())) {
      if (s.length() > 0) {
        s.append('\n');
      }
      s.append(b.getStatusDetail());
    }
    return s.length() == 0 ? "(no detail reported)" : s.toString();
  }

  /** What the build printed that the API returns: step outputs, then the failure detail. */
  private static String outputText(Build b) {
    StringBuilder s = new StringBuilder();
    b.getResults().getBuildStepOutputsList().forEach(o -> {
      if (!o.isEmpty()) {
        s.append(o.toStringUtf8());
        if (s.charAt(s.length() - 1) != '\n') {
          s.append('\n');
        }
      }
    });
    if (b.getStatus() != Build.Status.SUCCESS) {
      s.append(failureText(b));
    } else if (!b.getStatusDetail().isEmpty()) {
      s.append(b.getStatusDetail());
    }
    return s.toString().strip();
  }

  /** The last {@value #TAIL_LINES} lines, at most {@value #TAIL_CHARS} characters. */
  static String tail(String text) {
    String[] lines = text.split("\n", -1);
    int from = Math.max(0, lines.length - TAIL_LINES);
    String t = String.join("\n", java.util.Arrays.asList(lines).subList(from, lines.length));
    return t.length() <= TAIL_CHARS ? t : t.substring(t.length() - TAIL_CHARS);
  }

  private static String logHint(Build b) {
    return b.getLogUrl().isEmpty() ? "" : "\nFull log: " + b.getLogUrl();
  }

  private static GoogleCall createCall(String project) {
    return new GoogleCall(
        API, "cloudbuild.builds.create", "roles/cloudbuild.builds.editor", "projects/" + project, WORKER);
  }
}
