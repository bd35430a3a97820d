package dev.runshift.activities.cloudbuild;

import com.google.api.gax.grpc.GrpcCallContext;
import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.NotFoundException;
import com.google.cloudbuild.v1.Build;
import com.google.cloudbuild.v1.GetBuildRequest;
import dev.runshift.activities.google.GoogleClients;
import dev.runshift.ports.BuildRecords;
import dev.runshift.ports.RecordedBuild;
import java.time.Duration;
import java.util.Optional;

/**
 * {@link BuildRecords} through Cloud Build v1 {@code GetBuild} (needs {@code cloudbuild.builds.get},
 * e.g. {@code roles/cloudbuild.builds.viewer}). Errors other than NOT_FOUND are thrown as the client's.
 * Transient errors are retried for at most {@link #ASK_WITHIN} (the client's default is ten minutes): the
 * caller holds a Pub/Sub message meanwhile, and redelivery is its retry.
 */
public final class CloudBuildRecords implements BuildRecords {
  static final Duration ASK_WITHIN = Duration.ofSeconds(30);
  private static final RetrySettings RETRIES = RetrySettings.newBuilder()
      .setInitialRetryDelayDuration(Duration.ofMillis(200))
      .setRetryDelayMultiplier(2.0)
      .setMaxRetryDelayDuration(Duration.ofSeconds(5))
      .setInitialRpcTimeoutDuration(Duration.ofSeconds(10))
      .setRpcTimeoutMultiplier(1.0)
      .setMaxRpcTimeoutDuration(Duration.ofSeconds(10))
      .setTotalTimeoutDuration(ASK_WITHIN)
      .build();

  private final GoogleClients clients;

  public CloudBuildRecords(GoogleClients clients) {
    this.clients = clients;
  }

  @Override
  public Optional<RecordedBuild> find(String project, String location, String buildId) {
    GetBuildRequest.Builder request = GetBuildRequest.newBuilder().setProjectId(project).setId(buildId);
    if (location != null && !location.isBlank()) {
      request.setName("projects/" + project + "/locations/" + location + "/builds/" + buildId);
    }
    Build build;
    try {
      build = clients.cloudBuild().getBuildCallable()
          .call(request.build(), GrpcCallContext.createDefault().withRetrySettings(RETRIES));
    } catch (NotFoundException e) {
      return Optional.empty();
    }
    return Optional.of(new RecordedBuild(build.getId(), build.getStatus().name(),
        build.getResults().getImagesList().stream()
            .map(i -> new RecordedBuild.Image(i.getName(), i.getDigest()))
            .toList()));
  }
}
