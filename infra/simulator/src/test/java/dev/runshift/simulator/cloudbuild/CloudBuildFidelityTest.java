package dev.runshift.simulator.cloudbuild;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.gax.longrunning.OperationFuture;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.FailedPreconditionException;
import com.google.api.gax.rpc.InvalidArgumentException;
import com.google.api.gax.rpc.NotFoundException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.devtools.cloudbuild.v1.CloudBuildClient;
import com.google.cloudbuild.v1.Build;
import com.google.cloudbuild.v1.BuildOperationMetadata;
import com.google.cloudbuild.v1.BuildStep;
import com.google.cloudbuild.v1.BuiltImage;
import com.google.cloudbuild.v1.CreateBuildRequest;
import com.google.cloudbuild.v1.GetBuildRequest;
import com.google.cloudbuild.v1.ListBuildsRequest;
import com.google.protobuf.util.JsonFormat;
import com.google.protobuf.util.Timestamps;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Cloud Build as the official {@link CloudBuildClient} sees it, on a hand-driven simulator clock. */
class CloudBuildFidelityTest {
  static final String PROJECT = "runshift-test";
  static final String IMAGE = "us-docker.pkg.dev/runshift-test/app/web:rel-1";
  static final String TOPIC = "projects/" + PROJECT + "/topics/cloud-builds";
  static final Duration WAIT = Duration.ofSeconds(60);

  private BuildFixture f;

  @BeforeEach
  void start() {
    f = new BuildFixture();
  }

  @AfterEach
  void stop() {
    f.close();
  }

  static Build imageBuild(String image, String... tags) {
    return Build.newBuilder()
        .addSteps(BuildStep.newBuilder().setName("gcr.io/cloud-builders/docker")
            .addArgs("build").addArgs("-t").addArgs(image).addArgs("."))
        .addImages(image)
        .addAllTags(List.of(tags))
        .build();
  }

  @Test
  void createdBuildCompletesThroughItsOperationWithTheImageDigest() throws Exception {
    long created = f.millis.get();
    OperationFuture<Build, BuildOperationMetadata> op =
        f.builds.createBuildAsync(PROJECT, imageBuild(IMAGE, "runshift-rel-1"));

    Build queued = op.getMetadata().get(30, TimeUnit.SECONDS).getBuild();
    assertEquals(Build.Status.QUEUED, queued.getStatus());
    assertTrue(op.getName().startsWith("operations/build/" + PROJECT + "/"), op.getName());
    assertFalse(op.isDone());

    f.advance(BuildFixture.QUEUED.plus(BuildFixture.WORKING));
    Build done = op.get(WAIT.toSeconds(), TimeUnit.SECONDS);

    assertEquals(Build.Status.SUCCESS, done.getStatus());
    assertEquals(queued.getId(), done.getId());
    assertEquals(List.of("runshift-rel-1"), done.getTagsList());
    assertEquals(1, done.getResults().getImagesCount());
    BuiltImage image = done.getResults().getImages(0);
    assertEquals(IMAGE, image.getName());
    assertTrue(image.getDigest().matches("sha256:[0-9a-f]{64}"), image.getDigest());
    assertEquals(created, Timestamps.toMillis(done.getCreateTime()));
    assertEquals(created + 2_000, Timestamps.toMillis(done.getStartTime()));
    assertEquals(created + 22_000, Timestamps.toMillis(done.getFinishTime()));
    assertTrue(done.getLogUrl().contains(done.getId()), done.getLogUrl());
    assertEquals(done, f.builds.getBuild(PROJECT, done.getId()));
  }

  @Test
  void digestDependsOnSeedAndContentOnly() throws Exception {
    Build first = finish(f.builds.createBuildAsync(PROJECT, imageBuild(IMAGE, "a")));
    Build sameContent = finish(f.builds.createBuildAsync(PROJECT, imageBuild(IMAGE, "b")));
    Build changed = finish(f.builds.createBuildAsync(PROJECT, imageBuild(IMAGE, "a").toBuilder()
        .setSteps(0, imageBuild(IMAGE).getSteps(0).toBuilder().addArgs("--no-cache")).build()));

    String digest = first.getResults().getImages(0).getDigest();
    assertNotEquals(first.getId(), sameContent.getId());
    assertEquals(digest, sameContent.getResults().getImages(0).getDigest());
    assertNotEquals(digest, changed.getResults().getImages(0).getDigest());

    try (BuildFixture sameSeed = new BuildFixture(42L); BuildFixture otherSeed = new BuildFixture(7L)) {
      assertEquals(digest, digestOf(sameSeed));
      assertNotEquals(digest, digestOf(otherSeed));
    }
  }

  private static String digestOf(BuildFixture fixture) {
    Build b = fixture.sim.cloudBuild().submit(PROJECT, imageBuild(IMAGE, "a"));
    fixture.advance(Duration.ofMinutes(1));
    return fixture.sim.cloudBuild().build(PROJECT, b.getId()).orElseThrow().getResults().getImages(0).getDigest();
  }

  @Test
  void everyStatusChangeIsPublishedOnceInOrderAsCloudBuildShapesIt() throws Exception {
    String subscription = subscribeToBuilds();
    OperationFuture<Build, BuildOperationMetadata> op =
        f.builds.createBuildAsync(PROJECT, imageBuild(IMAGE, "runshift-rel-1"));
    String id = op.getMetadata().get(30, TimeUnit.SECONDS).getBuild().getId();

    Build queued = notification(pull(subscription, 1).get(0), id, "QUEUED");
    f.advance(BuildFixture.QUEUED);
    Build working = notification(pull(subscription, 1).get(0), id, "WORKING");
    f.advance(BuildFixture.WORKING);
    Build success = notification(pull(subscription, 1).get(0), id, "SUCCESS");

    assertFalse(queued.hasStartTime());
    assertTrue(working.hasStartTime());
    assertFalse(working.hasFinishTime());
    assertEquals(List.of("runshift-rel-1"), success.getTagsList());
    Build result = op.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertEquals(result.getResults(), success.getResults());

    for (int i = 0; i < 3; i++) {
      f.builds.getBuild(PROJECT, id);
      f.builds.listBuilds(PROJECT, "").iterateAll().forEach(b -> { });
    }
    assertEquals(List.of("QUEUED", "WORKING", "SUCCESS"), statusesPublished(id));
  }

  @Test
  void aClockJumpPublishesEveryMissedChangeInOrderWithoutAnyRead() throws Exception {
    f.topics.createTopic(TOPIC);
    Build build = f.sim.cloudBuild().submit(PROJECT, imageBuild(IMAGE));

    f.advance(Duration.ofHours(1));

    long deadline = System.nanoTime() + WAIT.toNanos();
    while (statusesPublished(build.getId()).size() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(List.of("QUEUED", "WORKING", "SUCCESS"), statusesPublished(build.getId()));
  }

  @Test
  void nothingIsPublishedWhileTheProjectHasNoCloudBuildsTopic() throws Exception {
    OperationFuture<Build, BuildOperationMetadata> op = f.builds.createBuildAsync(PROJECT, imageBuild(IMAGE));
    String id = op.getMetadata().get(30, TimeUnit.SECONDS).getBuild().getId();
    f.advance(BuildFixture.QUEUED);
    f.builds.getBuild(PROJECT, id);
    assertFalse(f.sim.pubSub().topicExists(TOPIC));

    f.topics.createTopic(TOPIC);
    f.advance(BuildFixture.WORKING);
    op.get(WAIT.toSeconds(), TimeUnit.SECONDS);

    assertEquals(List.of("SUCCESS"), statusesPublished(id));
  }

  @Test
  void listBuildsFindsBuildsByTag() throws Exception {
    Build a = f.sim.cloudBuild().submit(PROJECT, imageBuild(IMAGE, "rel-a", "runshift"));
    Build b = f.sim.cloudBuild().submit(PROJECT, imageBuild(IMAGE, "rel-b", "runshift"));
    f.sim.cloudBuild().submit("other-project", imageBuild(IMAGE, "rel-a"));

    assertEquals(List.of(a.getId()), ids(f.builds.listBuilds(PROJECT, "tags=\"rel-a\"")));
    assertEquals(List.of(b.getId(), a.getId()), ids(f.builds.listBuilds(PROJECT, "tags=\"runshift\"")));
    assertEquals(List.of(), ids(f.builds.listBuilds(PROJECT, "tags=\"rel-c\"")));
    assertEquals(List.of(a.getId()),
        ids(f.builds.listBuilds(PROJECT, "tags=\"runshift\" AND tags=\"rel-a\" AND status=\"QUEUED\"")));

    List<String> paged = new ArrayList<>();
    f.builds.listBuilds(ListBuildsRequest.newBuilder().setProjectId(PROJECT).setPageSize(1).build())
        .iterateAll().forEach(x -> paged.add(x.getId()));
    assertEquals(List.of(b.getId(), a.getId()), paged);

    for (String unsupported : List.of("images:\"x\"", "tags=\"a\" OR tags=\"b\"", "source.repo_source=\"x\"")) {
      InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
          () -> f.builds.listBuilds(PROJECT, unsupported).iterateAll().forEach(x -> { }), unsupported);
      assertTrue(e.getMessage().contains("filter"), e.getMessage());
    }
  }

  @Test
  void cancellingAQueuedBuildEndsItCancelled() throws Exception {
    String subscription = subscribeToBuilds();
    OperationFuture<Build, BuildOperationMetadata> op = f.builds.createBuildAsync(PROJECT, imageBuild(IMAGE));
    String id = op.getMetadata().get(30, TimeUnit.SECONDS).getBuild().getId();

    Build cancelled = f.builds.cancelBuild(PROJECT, id);
    f.advance(Duration.ofMinutes(5));

    assertEquals(Build.Status.CANCELLED, cancelled.getStatus());
    Build later = f.builds.getBuild(PROJECT, id);
    assertEquals(Build.Status.CANCELLED, later.getStatus());
    assertFalse(later.hasStartTime(), "never started");
    assertEquals(StatusCode.Code.CANCELLED, failureOf(op).getStatusCode().getCode());
    assertThrows(FailedPreconditionException.class, () -> f.builds.cancelBuild(PROJECT, id));
    List<ReceivedMessage> messages = pull(subscription, 2);
    assertEquals("QUEUED", messages.get(0).getMessage().getAttributesOrThrow("status"));
    assertEquals("CANCELLED", messages.get(1).getMessage().getAttributesOrThrow("status"));
    assertEquals(List.of("QUEUED", "CANCELLED"), statusesPublished(id));
  }

  @Test
  void cancellingAWorkingBuildKeepsItsStartAndAnnouncesWorkingFirst() throws Exception {
    f.topics.createTopic(TOPIC);
    Build build = f.sim.cloudBuild().submit(PROJECT, imageBuild(IMAGE));
    f.advance(BuildFixture.QUEUED.plusSeconds(5));

    Build cancelled = f.builds.cancelBuild(PROJECT, build.getId());

    assertEquals(Build.Status.CANCELLED, cancelled.getStatus());
    assertTrue(cancelled.hasStartTime());
    assertEquals(f.millis.get(), Timestamps.toMillis(cancelled.getFinishTime()));
    assertEquals(List.of("QUEUED", "WORKING", "CANCELLED"), statusesPublished(build.getId()));
  }

  @Test
  void artifactTestsFailingInsideTheImageEndTheBuildWithTheirOutput() throws Exception {
    String digest = "sha256:" + "ab".repeat(32);
    String artifact = "us-docker.pkg.dev/runshift-test/app/web@" + digest;
    String tail = "FAILED tests/test_checkout.py::test_total - assert 41 == 42\n1 failed, 12 passed in 3.2s";
    f.sim.cloudBuild().failTests("us-docker\\.pkg\\.dev/runshift-test/app/web@" + digest, tail);
    Build testBuild = Build.newBuilder()
        .addSteps(BuildStep.newBuilder().setName(artifact).setEntrypoint("sh").addArgs("-c").addArgs("pytest"))
        .addTags("runshift-test-rel-1")
        .build();

    OperationFuture<Build, BuildOperationMetadata> op = f.builds.createBuildAsync(PROJECT, testBuild);
    String id = op.getMetadata().get(30, TimeUnit.SECONDS).getBuild().getId();
    f.advance(Duration.ofMinutes(1));

    assertEquals(StatusCode.Code.UNKNOWN, failureOf(op).getStatusCode().getCode());
    Build failed = f.builds.getBuild(PROJECT, id);
    assertEquals(Build.Status.FAILURE, failed.getStatus());
    assertEquals(Build.FailureInfo.FailureType.USER_BUILD_STEP, failed.getFailureInfo().getType());
    assertTrue(failed.getFailureInfo().getDetail().endsWith(tail), failed.getFailureInfo().getDetail());
    assertTrue(failed.getStatusDetail().contains("build step 0"), failed.getStatusDetail());
    assertEquals(Build.Status.FAILURE, failed.getSteps(0).getStatus());
    assertEquals(0, failed.getResults().getImagesCount());

    Build otherImage = testBuild.toBuilder()
        .setSteps(0, testBuild.getSteps(0).toBuilder().setName("us-docker.pkg.dev/runshift-test/app/web@sha256:"
            + "cd".repeat(32)))
        .build();
    assertEquals(Build.Status.SUCCESS, finish(f.builds.createBuildAsync(PROJECT, otherImage)).getStatus());
  }

  @Test
  void scriptedOutcomesApplyToTheBuildsTheyName() throws Exception {
    f.sim.cloudBuild().scriptNextBuild(BuildOutcome.failure("boom"));
    f.sim.cloudBuild().setBuildOutcome(BuildMatch.tag("slow-.*"), BuildOutcome.timeout());
    f.sim.cloudBuild().setBuildOutcome(BuildMatch.pushedImage(".*:unpushable"),
        BuildOutcome.failure(Build.FailureInfo.FailureType.PUSH_FAILED, "denied: permission artifactregistry.repositories.uploadArtifacts"));

    Build scripted = f.sim.cloudBuild().submit(PROJECT, imageBuild(IMAGE));
    Build normal = f.sim.cloudBuild().submit(PROJECT, imageBuild(IMAGE));
    Build unpushable = f.sim.cloudBuild().submit(PROJECT, imageBuild("us-docker.pkg.dev/p/app/web:unpushable"));
    OperationFuture<Build, BuildOperationMetadata> slow =
        f.builds.createBuildAsync(PROJECT, imageBuild(IMAGE, "slow-1"));
    String slowId = slow.getMetadata().get(30, TimeUnit.SECONDS).getBuild().getId();
    f.advance(Duration.ofHours(1));

    Build failed = f.builds.getBuild(PROJECT, scripted.getId());
    assertEquals(Build.Status.FAILURE, failed.getStatus());
    assertTrue(failed.getFailureInfo().getDetail().endsWith("boom"));
    assertEquals(Build.Status.SUCCESS, f.builds.getBuild(PROJECT, normal.getId()).getStatus());
    Build pushFailed = f.builds.getBuild(PROJECT, unpushable.getId());
    assertEquals(Build.Status.FAILURE, pushFailed.getStatus());
    assertEquals(Build.FailureInfo.FailureType.PUSH_FAILED, pushFailed.getFailureInfo().getType());
    assertTrue(pushFailed.getFailureInfo().getDetail().startsWith("denied:"));
    assertEquals(StatusCode.Code.DEADLINE_EXCEEDED, failureOf(slow).getStatusCode().getCode());
    Build timedOut = f.builds.getBuild(PROJECT, slowId);
    assertEquals(Build.Status.TIMEOUT, timedOut.getStatus());
    assertEquals(Timestamps.toMillis(timedOut.getStartTime()) + 600_000, Timestamps.toMillis(timedOut.getFinishTime()));
  }

  @Test
  void substitutionsAndDockerPushStepsDetermineTheReportedImages() throws Exception {
    Build build = Build.newBuilder()
        .addSteps(BuildStep.newBuilder().setName("gcr.io/cloud-builders/docker")
            .addArgs("build").addArgs("-t").addArgs("us-docker.pkg.dev/$PROJECT_ID/app/web:${_TAG}").addArgs("."))
        .addSteps(BuildStep.newBuilder().setName("gcr.io/cloud-builders/docker")
            .addArgs("push").addArgs("us-docker.pkg.dev/$PROJECT_ID/app/worker:$_TAG"))
        .addImages("us-docker.pkg.dev/$PROJECT_ID/app/web:${_TAG}")
        .putSubstitutions("_TAG", "v7")
        .build();

    Build done = finish(f.builds.createBuildAsync(PROJECT, build));

    assertEquals(List.of("us-docker.pkg.dev/runshift-test/app/web:v7", "us-docker.pkg.dev/runshift-test/app/worker:v7"),
        done.getResults().getImagesList().stream().map(BuiltImage::getName).toList());
  }

  @Test
  void startBuildBehavesLikeATriggeredBuild() throws Exception {
    String subscription = subscribeToBuilds();
    Build started = f.sim.cloudBuild().startBuild(PROJECT, IMAGE, "from-trigger");
    f.advance(Duration.ofMinutes(1));

    List<ReceivedMessage> messages = pull(subscription, 3);
    Build success = notification(messages.get(2), started.getId(), "SUCCESS");
    assertEquals(CloudBuildSim.SIMULATED_TRIGGER_ID, success.getBuildTriggerId());
    assertEquals(IMAGE, success.getResults().getImages(0).getName());
    assertEquals(List.of(started.getId()), ids(f.builds.listBuilds(PROJECT, "tags=from-trigger")));
  }

  @Test
  void malformedRequestsAreRejectedNamingTheField() {
    assertInvalid("build.steps", CreateBuildRequest.newBuilder().setProjectId(PROJECT)
        .setBuild(Build.newBuilder().addImages(IMAGE)).build());
    assertInvalid("project_id", CreateBuildRequest.newBuilder().setBuild(imageBuild(IMAGE)).build());
    assertInvalid("build", CreateBuildRequest.newBuilder().setProjectId(PROJECT).build());
    assertInvalid("build.steps[0].name", CreateBuildRequest.newBuilder().setProjectId(PROJECT)
        .setBuild(Build.newBuilder().addSteps(BuildStep.newBuilder().addArgs("x"))).build());
    assertInvalid("build.tags[1]", CreateBuildRequest.newBuilder().setProjectId(PROJECT)
        .setBuild(imageBuild(IMAGE, "ok", "not ok!")).build());
    assertInvalid("build.steps[0].args[0]", CreateBuildRequest.newBuilder().setProjectId(PROJECT)
        .setBuild(Build.newBuilder().addSteps(BuildStep.newBuilder().setName("ubuntu").addArgs("$_UNDEFINED")))
        .build());
    assertInvalid("parent", CreateBuildRequest.newBuilder().setParent("projects/x")
        .setBuild(imageBuild(IMAGE)).build());

    assertThrows(NotFoundException.class, () -> f.builds.getBuild(PROJECT, "no-such-build"));
    InvalidArgumentException noId = assertThrows(InvalidArgumentException.class,
        () -> f.builds.getBuild(GetBuildRequest.newBuilder().setProjectId(PROJECT).build()));
    assertTrue(noId.getMessage().contains("id"), noId.getMessage());
    InvalidArgumentException badToken = assertThrows(InvalidArgumentException.class,
        () -> f.builds.listBuilds(ListBuildsRequest.newBuilder().setProjectId(PROJECT).setPageToken("zz").build())
            .iterateAll().forEach(x -> { }));
    assertTrue(badToken.getMessage().contains("page_token"), badToken.getMessage());
  }

  private void assertInvalid(String field, CreateBuildRequest request) {
    InvalidArgumentException e =
        assertThrows(InvalidArgumentException.class, () -> f.builds.createBuildCallable().call(request));
    assertTrue(e.getMessage().contains(field), field + " named in: " + e.getMessage());
  }

  private Build finish(OperationFuture<Build, BuildOperationMetadata> op) throws Exception {
    op.getMetadata().get(30, TimeUnit.SECONDS);
    f.advance(Duration.ofMinutes(1));
    return op.get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  private static ApiException failureOf(OperationFuture<Build, BuildOperationMetadata> op) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> op.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    return assertInstanceOf(ApiException.class, e.getCause());
  }

  private String subscribeToBuilds() {
    f.topics.createTopic(TOPIC);
    String name = "projects/" + PROJECT + "/subscriptions/builds";
    f.subscriptions.createSubscription(Subscription.newBuilder().setName(name).setTopic(TOPIC).build());
    return name;
  }

  /** Pulls and acks exactly {@code n} messages, in delivery order. */
  private List<ReceivedMessage> pull(String subscription, int n) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    List<ReceivedMessage> got = new ArrayList<>();
    while (got.size() < n) {
      assertTrue(System.nanoTime() < deadline, "only " + got.size() + " of " + n + " notifications");
      List<ReceivedMessage> batch = f.subscriptions.pull(subscription, n - got.size()).getReceivedMessagesList();
      if (!batch.isEmpty()) {
        f.subscriptions.acknowledge(subscription, batch.stream().map(ReceivedMessage::getAckId).toList());
        got.addAll(batch);
      }
    }
    return got;
  }

  /** Checks a notification's attributes and returns the Build its data carries. */
  private static Build notification(ReceivedMessage received, String buildId, String status) throws Exception {
    PubsubMessage m = received.getMessage();
    assertEquals(buildId, m.getAttributesOrThrow("buildId"));
    assertEquals(status, m.getAttributesOrThrow("status"));
    Build.Builder parsed = Build.newBuilder();
    JsonFormat.parser().ignoringUnknownFields().merge(m.getData().toStringUtf8(), parsed);
    assertEquals(buildId, parsed.getId());
    assertEquals(status, parsed.getStatus().name());
    assertEquals(PROJECT, parsed.getProjectId());
    return parsed.build();
  }

  private List<String> statusesPublished(String buildId) {
    return f.sim.pubSub().published(TOPIC).stream()
        .filter(m -> buildId.equals(m.getAttributesMap().get("buildId")))
        .map(m -> m.getAttributesOrThrow("status"))
        .toList();
  }

  private static List<String> ids(CloudBuildClient.ListBuildsPagedResponse response) {
    List<String> ids = new ArrayList<>();
    response.iterateAll().forEach(b -> ids.add(b.getId()));
    return ids;
  }
}
