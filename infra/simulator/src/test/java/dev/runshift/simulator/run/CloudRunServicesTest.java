package dev.runshift.simulator.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.gax.longrunning.OperationFuture;
import com.google.api.gax.rpc.AbortedException;
import com.google.api.gax.rpc.AlreadyExistsException;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.FailedPreconditionException;
import com.google.api.gax.rpc.InvalidArgumentException;
import com.google.api.gax.rpc.NotFoundException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.run.v2.Condition;
import com.google.cloud.run.v2.Container;
import com.google.cloud.run.v2.CreateServiceRequest;
import com.google.cloud.run.v2.DeleteServiceRequest;
import com.google.cloud.run.v2.GetServiceRequest;
import com.google.cloud.run.v2.Revision;
import com.google.cloud.run.v2.RevisionTemplate;
import com.google.cloud.run.v2.Service;
import com.google.cloud.run.v2.TrafficTarget;
import com.google.cloud.run.v2.TrafficTargetAllocationType;
import com.google.cloud.run.v2.TrafficTargetStatus;
import com.google.cloud.run.v2.UpdateServiceRequest;
import com.google.protobuf.FieldMask;
import dev.runshift.simulator.GoogleClients;
import dev.runshift.simulator.ManualClock;
import dev.runshift.simulator.Simulator;
import dev.runshift.simulator.core.ImageBehaviour;
import dev.runshift.simulator.core.SimConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Cloud Run Admin v2 Services and Revisions, driven through the official Java clients. */
class CloudRunServicesTest {
  private static final String PARENT = "projects/demo/locations/us-central1";
  private static final String NAME = PARENT + "/services/hello";
  private static final Duration READY = Duration.ofSeconds(5);
  private static final TrafficTargetAllocationType REVISION =
      TrafficTargetAllocationType.TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION;
  private static final TrafficTargetAllocationType LATEST =
      TrafficTargetAllocationType.TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST;

  private ManualClock clock;
  private Simulator sim;
  private GoogleClients clients;

  @BeforeEach
  void start() {
    clock = ManualClock.atEpochMinute();
    sim = Simulator.start(SimConfig.defaults().withRevisionReadyDelay(READY), clock.simClock());
    clients = new GoogleClients(sim.endpoint());
  }

  @AfterEach
  void stop() {
    clients.close();
    sim.close();
  }

  private static RevisionTemplate template(String image) {
    return RevisionTemplate.newBuilder().addContainers(Container.newBuilder().setImage(image)).build();
  }

  private static TrafficTarget revision(String name, int percent, String tag) {
    return TrafficTarget.newBuilder().setType(REVISION).setRevision(name).setPercent(percent).setTag(tag).build();
  }

  private static String shortName(String fullRevision) {
    return fullRevision.substring(fullRevision.lastIndexOf('/') + 1);
  }

  /** Completes {@code op} by moving the manual clock past the readiness delay. */
  private Service await(OperationFuture<Service, Service> op) throws Exception {
    op.getInitialFuture().get(10, TimeUnit.SECONDS);
    clock.advance(READY);
    return op.get(10, TimeUnit.SECONDS);
  }

  private Service createViaApi(String image) throws Exception {
    return await(clients.services.createServiceAsync(CreateServiceRequest.newBuilder()
        .setParent(PARENT)
        .setServiceId("hello")
        .setService(Service.newBuilder().setTemplate(template(image)))
        .build()));
  }

  private OperationFuture<Service, Service> update(Service s) {
    return clients.services.updateServiceAsync(UpdateServiceRequest.newBuilder().setService(s).build());
  }

  private static StatusCode.Code codeOf(Throwable t) {
    Throwable c = t instanceof ExecutionException ? t.getCause() : t;
    return ((ApiException) c).getStatusCode().getCode();
  }

  @Test
  void createGetListUpdateDelete() throws Exception {
    Service created = createViaApi("us-docker.pkg.dev/demo/app/hello@sha256:aaa");
    assertEquals(NAME, created.getName());
    assertEquals(1, created.getGeneration());
    assertEquals(1, created.getObservedGeneration());
    assertFalse(created.getReconciling());
    assertTrue(created.getLatestReadyRevision().matches(NAME + "/revisions/hello-00001-[a-z0-9]{3}"),
        created.getLatestReadyRevision());
    assertEquals(created.getLatestCreatedRevision(), created.getLatestReadyRevision());
    assertEquals(Condition.State.CONDITION_SUCCEEDED, created.getTerminalCondition().getState());
    assertEquals(List.of("RoutesReady", "ConfigurationsReady"),
        created.getConditionsList().stream().map(Condition::getType).toList());
    TrafficTargetStatus status = created.getTrafficStatuses(0);
    assertEquals(LATEST, status.getType());
    assertEquals(100, status.getPercent());
    assertEquals(shortName(created.getLatestReadyRevision()), status.getRevision());
    assertTrue(created.getUri().matches("https://hello-[a-z0-9]{10}-uc\\.a\\.run\\.app"), created.getUri());

    assertEquals(created, clients.services.getService(NAME));
    List<Service> listed = StreamSupport.stream(clients.services.listServices(PARENT).iterateAll().spliterator(), false)
        .toList();
    assertEquals(List.of(NAME), listed.stream().map(Service::getName).toList());

    Service relabelled = await(update(created.toBuilder().putLabels("team", "payments").build()));
    assertEquals(2, relabelled.getGeneration());
    assertEquals("payments", relabelled.getLabelsOrThrow("team"));
    assertEquals(1, clients.revisions.listRevisions(NAME).getPage().getPageElementCount(),
        "a label change on the service creates no revision");

    Service deleted = clients.services.deleteServiceAsync(NAME).get(10, TimeUnit.SECONDS);
    assertTrue(deleted.hasDeleteTime());
    NotFoundException gone = assertThrows(NotFoundException.class, () -> clients.services.getService(NAME));
    assertTrue(gone.getMessage().contains("'hello' of kind 'SERVICE' in region 'us-central1'"), gone.getMessage());
  }

  @Test
  void templateChangeCreatesRevisionAndLatestTrafficMovesWhenReady() throws Exception {
    Service v1 = createViaApi("img:v1");
    String rev1 = shortName(v1.getLatestReadyRevision());
    OperationFuture<Service, Service> op = update(v1.toBuilder().setTemplate(template("img:v2")).build());
    op.getInitialFuture().get(10, TimeUnit.SECONDS);

    Service pending = clients.services.getService(NAME);
    assertTrue(pending.getReconciling());
    assertTrue(pending.getLatestCreatedRevision().matches(NAME + "/revisions/hello-00002-[a-z0-9]{3}"));
    assertEquals(v1.getLatestReadyRevision(), pending.getLatestReadyRevision());
    assertEquals(rev1, pending.getTrafficStatuses(0).getRevision(), "traffic stays until the revision is ready");
    assertFalse(op.isDone());
    Service metadata = op.getMetadata().get(10, TimeUnit.SECONDS);
    assertEquals(NAME, metadata.getName(), "the operation's metadata is the Service");
    assertTrue(metadata.getReconciling());
    assertTrue(op.getName().startsWith(PARENT + "/operations/"), op.getName());

    clock.advance(READY);
    Service v2 = op.get(10, TimeUnit.SECONDS);
    String rev2 = shortName(v2.getLatestCreatedRevision());
    assertEquals(v2.getLatestCreatedRevision(), v2.getLatestReadyRevision());
    assertEquals(rev2, v2.getTrafficStatuses(0).getRevision());

    List<Revision> revisions = StreamSupport.stream(
        clients.revisions.listRevisions(NAME).iterateAll().spliterator(), false).toList();
    assertEquals(List.of(rev2, rev1), revisions.stream().map(r -> shortName(r.getName())).toList(),
        "newest first");
    assertEquals("img:v2", revisions.get(0).getContainers(0).getImage());

    List<TrafficChange> history = sim.cloudRun().trafficHistory(NAME);
    assertEquals(List.of(Map.of(rev1, 100), Map.of(rev2, 100)),
        history.stream().map(TrafficChange::percents).toList());
    assertEquals(clock.now(), history.get(1).at());
  }

  @Test
  void namedRevisionIsIdempotentAndConflictsWithDifferentTemplate() throws Exception {
    Service v1 = createViaApi("img:v1");
    String stable = shortName(v1.getLatestReadyRevision());
    Service deploy = v1.toBuilder()
        .setTemplate(template("img:v2").toBuilder().setRevision("hello-rel-7"))
        .clearTraffic()
        .addTraffic(revision(stable, 100, ""))
        .addTraffic(revision("hello-rel-7", 0, "candidate"))
        .build();
    Service first = await(update(deploy));
    assertEquals(NAME + "/revisions/hello-rel-7", first.getLatestReadyRevision());

    // the same request again (as a retried activity sends it): no new revision, no new generation
    Service again = await(update(deploy.toBuilder().setEtag("").build()));
    assertEquals(first.getGeneration(), again.getGeneration());
    assertEquals(first.getEtag(), again.getEtag());
    assertEquals(2, sim.cloudRun().revisions(NAME).size());

    ExecutionException conflict = assertThrows(ExecutionException.class, () -> update(again.toBuilder()
        .setTemplate(template("img:v3").toBuilder().setRevision("hello-rel-7")).build()).get(10, TimeUnit.SECONDS));
    assertEquals(StatusCode.Code.ALREADY_EXISTS, codeOf(conflict));
    assertTrue(conflict.getCause().getMessage().contains("Revision named 'hello-rel-7' with different configuration"),
        conflict.getCause().getMessage());
    ExecutionException badPrefix = assertThrows(ExecutionException.class, () -> update(again.toBuilder()
        .setTemplate(template("img:v3").toBuilder().setRevision("other-1")).build()).get(10, TimeUnit.SECONDS));
    assertEquals(StatusCode.Code.INVALID_ARGUMENT, codeOf(badPrefix));
    assertTrue(badPrefix.getCause().getMessage().contains("service.template.revision"),
        badPrefix.getCause().getMessage());
    assertEquals(2, sim.cloudRun().revisions(NAME).size());
  }

  @Test
  void trafficIsValidated() throws Exception {
    Service v1 = createViaApi("img:v1");
    String stable = shortName(v1.getLatestReadyRevision());
    record Case(List<TrafficTarget> traffic, String field) {}
    List<Case> cases = List.of(
        new Case(List.of(revision(stable, 90, "")), "'service.traffic'"),
        new Case(List.of(revision(stable, 100, ""), revision("hello-nope", 0, "x")), "service.traffic[1].revision"),
        new Case(List.of(revision(stable, 100, "a"), revision(stable, 0, "a")), "service.traffic[1].tag"),
        new Case(List.of(revision(stable, 101, "")), "service.traffic[0].percent"),
        new Case(List.of(revision(stable, 100, "Bad_Tag")), "service.traffic[0].tag"),
        new Case(List.of(TrafficTarget.newBuilder().setType(LATEST).setRevision(stable).setPercent(100).build()),
            "service.traffic[0].revision"));
    for (Case c : cases) {
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> update(v1.toBuilder().clearTraffic().addAllTraffic(c.traffic()).build()).get(10, TimeUnit.SECONDS));
      assertInstanceOf(InvalidArgumentException.class, e.getCause(), c.field());
      assertTrue(e.getCause().getMessage().contains(c.field()), e.getCause().getMessage());
    }
    assertEquals(1, clients.services.getService(NAME).getGeneration(), "nothing was written");
  }

  @Test
  void staleEtagIsAborted() throws Exception {
    Service read = createViaApi("img:v1");
    Service changed = await(update(read.toBuilder().putLabels("a", "b").build()));
    assertNotEquals(read.getEtag(), changed.getEtag());
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> update(read.toBuilder().putLabels("c", "d").build()).get(10, TimeUnit.SECONDS));
    assertInstanceOf(AbortedException.class, e.getCause());
    // the out-of-band change (as gcloud would make it) also invalidates what was read
    String rev = shortName(changed.getLatestReadyRevision());
    Service oob = sim.cloudRun().updateTrafficOutOfBand(NAME, Map.of(rev, 100));
    assertNotEquals(changed.getEtag(), oob.getEtag());
    assertThrows(ExecutionException.class,
        () -> update(changed.toBuilder().putLabels("c", "d").build()).get(10, TimeUnit.SECONDS));
    // an empty etag means "unconditional"
    assertEquals("d", await(update(oob.toBuilder().setEtag("").putLabels("c", "d").build())).getLabelsOrThrow("c"));
  }

  @Test
  void failingRevisionFailsTheOperationAndMovesNoTraffic() throws Exception {
    sim.images().set("img:broken",
        ImageBehaviour.healthy().failingReadiness("The user-provided container failed to start and listen on PORT=8080."));
    Service v1 = createViaApi("img:v1");
    String stable = shortName(v1.getLatestReadyRevision());
    OperationFuture<Service, Service> op = update(v1.toBuilder().setTemplate(template("img:broken")).build());
    op.getInitialFuture().get(10, TimeUnit.SECONDS);
    clock.advance(READY.minusSeconds(1));
    assertFalse(clients.services.getService(NAME).getTerminalCondition().getState() == Condition.State.CONDITION_FAILED);
    clock.advance(Duration.ofSeconds(1));
    ExecutionException e = assertThrows(ExecutionException.class, () -> op.get(10, TimeUnit.SECONDS));
    assertInstanceOf(FailedPreconditionException.class, e.getCause());
    assertTrue(e.getCause().getMessage().contains("failed to start and listen on PORT=8080"), e.getCause().getMessage());

    Service after = clients.services.getService(NAME);
    assertEquals(Condition.State.CONDITION_FAILED, after.getTerminalCondition().getState());
    assertEquals(v1.getLatestReadyRevision(), after.getLatestReadyRevision());
    assertNotEquals(after.getLatestReadyRevision(), after.getLatestCreatedRevision());
    assertEquals(stable, after.getTrafficStatuses(0).getRevision());
    Revision failed = clients.revisions.getRevision(after.getLatestCreatedRevision());
    assertEquals(Condition.State.CONDITION_FAILED, failed.getConditions(0).getState());
    assertEquals(List.of(Map.of(stable, 100)),
        sim.cloudRun().trafficHistory(NAME).stream().map(TrafficChange::percents).toList());
  }

  @Test
  void taggedTargetsGetTagUrisAndExplicitSplitsApply() throws Exception {
    Service v1 = createViaApi("img:v1");
    String stable = shortName(v1.getLatestReadyRevision());
    Service deployed = await(update(v1.toBuilder()
        .setTemplate(template("img:v2").toBuilder().setRevision("hello-cand"))
        .clearTraffic()
        .addTraffic(revision(stable, 100, "stable"))
        .addTraffic(revision("hello-cand", 0, "candidate"))
        .build()));
    Map<String, String> uris = deployed.getTrafficStatusesList().stream()
        .collect(Collectors.toMap(TrafficTargetStatus::getTag, TrafficTargetStatus::getUri));
    String host = deployed.getUri().substring("https://".length());
    assertEquals("https://candidate---" + host, uris.get("candidate"));
    assertEquals("https://stable---" + host, uris.get("stable"));

    Service shifted = await(update(deployed.toBuilder()
        .clearTraffic()
        .addTraffic(revision(stable, 90, "stable"))
        .addTraffic(revision("hello-cand", 10, "candidate"))
        .build()));
    assertEquals(List.of(90, 10), shifted.getTrafficStatusesList().stream().map(TrafficTargetStatus::getPercent).toList());
    assertEquals(Map.of(stable, 90, "hello-cand", 10),
        sim.cloudRun().trafficHistory(NAME).get(sim.cloudRun().trafficHistory(NAME).size() - 1).percents());
  }

  @Test
  void updateMaskChangesOnlyNamedFields() throws Exception {
    Service v1 = createViaApi("img:v1");
    Service labelsOnly = await(clients.services.updateServiceAsync(UpdateServiceRequest.newBuilder()
        .setService(Service.newBuilder().setName(NAME).putLabels("env", "prod").setTemplate(template("img:ignored")))
        .setUpdateMask(FieldMask.newBuilder().addPaths("labels"))
        .build()));
    assertEquals("prod", labelsOnly.getLabelsOrThrow("env"));
    assertEquals("img:v1", labelsOnly.getTemplate().getContainers(0).getImage());
    assertEquals(v1.getLatestCreatedRevision(), labelsOnly.getLatestCreatedRevision());
  }

  @Test
  void malformedRequestsGetTheApiCodes() throws Exception {
    createViaApi("img:v1");
    InvalidArgumentException empty = assertThrows(InvalidArgumentException.class,
        () -> clients.services.getService(GetServiceRequest.newBuilder().build()));
    assertTrue(empty.getMessage().contains("'name'"), empty.getMessage());
    InvalidArgumentException bad = assertThrows(InvalidArgumentException.class,
        () -> clients.services.getService("projects/demo/services/hello"));
    assertTrue(bad.getMessage().contains("projects/{project}/locations/{location}/services/{service}"));
    assertThrows(NotFoundException.class, () -> clients.services.getService(PARENT + "/services/nope"));
    assertThrows(NotFoundException.class,
        () -> clients.revisions.getRevision(NAME + "/revisions/hello-00009-zzz"));

    ExecutionException exists = assertThrows(ExecutionException.class,
        () -> clients.services.createServiceAsync(PARENT, Service.newBuilder().setTemplate(template("x")).build(), "hello")
            .get(10, TimeUnit.SECONDS));
    assertInstanceOf(AlreadyExistsException.class, exists.getCause());
    ExecutionException badId = assertThrows(ExecutionException.class,
        () -> clients.services.createServiceAsync(PARENT, Service.newBuilder().setTemplate(template("x")).build(), "Bad_Id")
            .get(10, TimeUnit.SECONDS));
    assertTrue(badId.getCause().getMessage().contains("service_id"), badId.getCause().getMessage());
    ExecutionException noImage = assertThrows(ExecutionException.class,
        () -> clients.services.createServiceAsync(PARENT, Service.newBuilder()
            .setTemplate(RevisionTemplate.newBuilder().addContainers(Container.newBuilder())).build(), "other")
            .get(10, TimeUnit.SECONDS));
    assertTrue(noImage.getCause().getMessage().contains("service.template.containers[0].image"));
    ExecutionException missing = assertThrows(ExecutionException.class,
        () -> update(Service.newBuilder().setName(PARENT + "/services/nope").setTemplate(template("x")).build())
            .get(10, TimeUnit.SECONDS));
    assertInstanceOf(NotFoundException.class, missing.getCause());
    ExecutionException staleDelete = assertThrows(ExecutionException.class,
        () -> clients.services.deleteServiceAsync(DeleteServiceRequest.newBuilder().setName(NAME).setEtag("\"old\"").build())
            .get(10, TimeUnit.SECONDS));
    assertEquals(StatusCode.Code.ABORTED, codeOf(staleDelete));
  }

  @Test
  void controlApiCreatesAServingServiceAndRecordsOutOfBandChanges() {
    Service s = sim.cloudRun().createService("demo", "europe-west1", "api", "img:v1");
    assertFalse(s.getReconciling());
    String rev = shortName(s.getLatestReadyRevision());
    assertEquals(List.of(Map.of(rev, 100)),
        sim.cloudRun().trafficHistory(s.getName()).stream().map(TrafficChange::percents).toList());
    assertTrue(s.getUri().endsWith("-ew.a.run.app"), s.getUri());
    sim.cloudRun().setRequestRate(s.getName(), 25);
    assertEquals(25.0, sim.cloudRun().rateHistory(s.getName()).get(1).requestsPerSecond());
    assertThrows(IllegalArgumentException.class,
        () -> sim.cloudRun().updateTrafficOutOfBand(s.getName(), Map.of("api-nope", 100)));
  }

  @Test
  void onlyRetiredRevisionsCanBeDeleted() throws Exception {
    Service v1 = createViaApi("img:v1");
    String first = v1.getLatestReadyRevision();
    Service v2 = await(update(v1.toBuilder().setTemplate(template("img:v2")).build()));
    String second = v2.getLatestReadyRevision();
    ExecutionException serving = assertThrows(ExecutionException.class,
        () -> clients.revisions.deleteRevisionAsync(second).get(10, TimeUnit.SECONDS));
    assertInstanceOf(FailedPreconditionException.class, serving.getCause());
    assertEquals(first, clients.revisions.deleteRevisionAsync(first).get(10, TimeUnit.SECONDS).getName());
    assertThrows(NotFoundException.class, () -> clients.revisions.getRevision(first));
    assertEquals(1, sim.cloudRun().revisions(NAME).size());
  }
}
