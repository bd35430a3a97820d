package dev.runshift.service;

import static dev.runshift.testing.Releases.REPOSITORY;
import static dev.runshift.testing.Releases.SERVICE;
import static dev.runshift.testing.Releases.SERVING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runshift.policy.RolloutPolicy;
import dev.runshift.release.Phase;
import dev.runshift.release.RevisionNames;
import dev.runshift.testing.FakeCloudRun;
import dev.runshift.policy.PolicyBuilder;
import dev.runshift.traffic.TrafficMap;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The service entity running the real release workflow against the in-memory Cloud Run, so that
 * "one release at a time" is checked on the traffic maps actually applied to the service. Waits go
 * through {@link EntityWaits}, as in {@link ServiceWorkflowTest}.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ServiceWithReleaseWorkflowTest {
  static final RolloutPolicy POLICY =
      PolicyBuilder.defaults().steps(50, 100).soak(Duration.ofMinutes(2)).analysisInterval(Duration.ofMinutes(1))
          .build();

  private EntityHarness harness;
  private WorkflowClient client;
  private EntityWaits waits;
  private FakeCloudRun cloudRun;

  @BeforeEach
  void setUp() {
    harness = new EntityHarness(false);
    client = harness.client;
    waits = harness.waits;
    cloudRun = harness.cloudRun;
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  @Test
  void twoRequestsReleaseOneAfterTheOtherWithoutInterleavingTrafficChanges() {
    submit(request('a', "k-a"));
    waits.awaitReleasesStarted(1);
    submit(request('b', "k-b"));
    awaitHistory(2);

    ServiceStatus status = status();
    assertEquals(List.of(Phase.PROMOTED, Phase.PROMOTED), phases(status), status.history().toString());
    String a = candidate(status, 0);
    String b = candidate(status, 1);
    List<TrafficMap> maps = cloudRun.appliedMaps(SERVICE);
    // Every map of the first release (50, 100, promote) comes before any map of the second, which
    // then shifts away from the first as its stable revision.
    assertEquals(List.of(50, 100, 100, 50, 0, 0), maps.stream().map(m -> m.percentOf(a)).toList(),
        maps.toString());
    assertTrue(maps.subList(0, 3).stream().allMatch(m -> m.targets().stream().noneMatch(t -> b.equals(t.revision()))),
        "the second release deployed before the first ended: " + maps);
    assertEquals(List.of(0, 0, 0, 50, 100, 100), maps.stream().map(m -> m.percentOf(b)).toList(),
        maps.toString());
    assertEquals(image('b'), status.servingImage());
  }

  @Test
  void abortCurrentRollsTheRunningReleaseBackBeforeTheNewestDeploys() {
    submit(request('a', "k-a"));
    waits.awaitWithoutTime(() -> cloudRun.appliedMaps(SERVICE).size() == 1, "first release at its first step");

    submit(request('b', "k-b").withMode(QueueMode.ABORT_CURRENT));
    awaitHistory(2);

    ServiceStatus status = status();
    assertEquals(List.of(Phase.ABORTED, Phase.PROMOTED), phases(status), status.history().toString());
    String a = candidate(status, 0);
    String b = candidate(status, 1);
    List<TrafficMap> maps = cloudRun.appliedMaps(SERVICE);
    assertEquals(50, maps.get(0).percentOf(a));
    assertEquals(SERVING, maps.get(1), "the abort restores exactly what served before: " + maps);
    assertTrue(maps.subList(0, 2).stream().allMatch(m -> m.percentOf(b) == 0));
    assertEquals(List.of(50, 100, 100), maps.subList(2, maps.size()).stream().map(m -> m.percentOf(b)).toList());
    assertTrue(status.history().get(0).reason().contains("superseded"), status.history().get(0).reason());
  }

  @Test
  void theImageCloudRunServesIsLearnedAndNotReleasedAgain() {
    ServiceSettings learn = settings().withLearnServingImage(true);
    ServiceReleases.submit(client, SERVICE, learn, ReleaseSubmission.ofImage("stable-image", "cli", null, "me"));
    waits.letTimePass(Duration.ofMinutes(5));
    ServiceStatus status = status();
    assertEquals("stable-image", status.servingImage());
    assertEquals(0, status.releasesStarted());
    assertEquals(1, status.ignored().size(), status.ignored().toString());
    assertEquals(List.of(), cloudRun.appliedMaps(SERVICE));
    assertEquals(0, cloudRun.calls("deployNoTraffic"));
  }

  // ---- helpers ---------------------------------------------------------------------------------

  static String image(char c) {
    return REPOSITORY + "@sha256:" + String.valueOf(c).repeat(64);
  }

  static ServiceSettings settings() {
    return ServiceSettings.defaults().withLearnServingImage(false).withDefaultPolicy(POLICY);
  }

  static ReleaseSubmission request(char c, String dedupeKey) {
    return ReleaseSubmission.ofImage(image(c), "test", dedupeKey, "tester");
  }

  private void submit(ReleaseSubmission request) {
    ServiceReleases.submit(client, SERVICE, settings(), request);
  }

  private ServiceStatus status() {
    return ServiceReleases.status(client, SERVICE);
  }

  private static String candidate(ServiceStatus status, int index) {
    return RevisionNames.candidate(SERVICE.service(), status.history().get(index).releaseId());
  }

  private static List<Phase> phases(ServiceStatus status) {
    return status.history().stream().map(ReleaseRecord::phase).toList();
  }

  /** Lets workflow time skip until {@code releases} releases have ended and the entity has recorded them. */
  private void awaitHistory(int releases) {
    waits.awaitReleasesHandled(releases);
  }
}
