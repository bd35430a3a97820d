package dev.runshift.trigger;

import static dev.runshift.trigger.Notifications.REPO;
import static dev.runshift.trigger.Notifications.digest;
import static dev.runshift.trigger.Notifications.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import com.google.cloudbuild.v1.Build;
import com.google.cloudbuild.v1.BuiltImage;
import com.google.cloudbuild.v1.Results;
import dev.runshift.activities.google.GoogleClientsConfig;
import dev.runshift.simulator.Simulator;
import dev.runshift.simulator.cloudbuild.BuildOutcome;
import dev.runshift.simulator.core.SimClock;
import dev.runshift.simulator.core.SimConfig;
import dev.runshift.worker.GoogleActivities;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Forged Cloud Build notifications against the simulator's Cloud Build, asked through the official v1
 * client ({@code GetBuild}): only a notification Cloud Build backs releases anything; every other one is
 * acked with exactly one warning naming its build id.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CloudBuildConfirmationTest {
  static final String PROJECT = "acme-ci";
  static final Duration PATIENCE = Duration.ofSeconds(60);

  private Simulator simulator;
  private GoogleActivities google;
  private Build succeeded;
  private Build failed;

  private final List<RoutedRelease> started = Collections.synchronizedList(new ArrayList<>());
  private LogCapture log;
  private BuildMessageReceiver receiver;

  @BeforeAll
  void runTwoBuilds() throws InterruptedException {
    simulator = Simulator.start(
        SimConfig.defaults().withBuildDelays(Duration.ofMillis(20), Duration.ofMillis(50)), SimClock.system());
    google = GoogleActivities.create(GoogleClientsConfig.google().withEndpoint(simulator.endpoint()));
    succeeded = finished(simulator.cloudBuild().startBuild(PROJECT, REPO + ":v1"));
    simulator.cloudBuild().scriptNextBuild(BuildOutcome.failure("step 0 exited 1"));
    failed = finished(simulator.cloudBuild().startBuild(PROJECT, REPO + ":v2"));
    assertEquals(Build.Status.SUCCESS, succeeded.getStatus());
    assertEquals(Build.Status.FAILURE, failed.getStatus());
  }

  @AfterAll
  void stop() {
    google.close();
    simulator.close();
  }

  @BeforeEach
  void setUp() {
    started.clear();
    log = new LogCapture(BuildMessageReceiver.class);
    receiver = new BuildMessageReceiver(new BuildNotificationParser(new Router(Notifications.singleServiceRouting())),
        new CloudBuildConfirmation(google.buildRecords()), started::add);
  }

  @AfterEach
  void tearDown() {
    log.close();
  }

  @Test
  void theNotificationCloudBuildPublishedReleasesItsDigest() {
    assertEquals(List.of("ack"), receive(succeeded));
    String pushed = REPO + "@" + succeeded.getResults().getImages(0).getDigest();
    assertEquals(List.of(pushed), started.stream().map(RoutedRelease::image).toList());
    assertEquals(List.of(), log.at(Level.WARN));
  }

  @Test
  void anUnknownBuildIdReleasesNothing() {
    assertRefused(succeeded.toBuilder().setId("forged-build-1").clearName().build(), "forged-build-1",
        "Cloud Build has no build forged-build-1 in project acme-ci");
  }

  @Test
  void aDigestNotInTheBuildsResultsReleasesNothing() {
    Build forged = succeeded.toBuilder()
        .setResults(Results.newBuilder().addImages(BuiltImage.newBuilder().setName(REPO + ":v1").setDigest(digest('f'))))
        .build();
    assertRefused(forged, succeeded.getId(), "do not contain " + REPO + "@" + digest('f'));
  }

  @Test
  void anImageOfAnotherRepositoryWithTheBuildsDigestReleasesNothing() {
    String digest = succeeded.getResults().getImages(0).getDigest();
    Build forged = succeeded.toBuilder()
        .setResults(Results.newBuilder().addImages(
            BuiltImage.newBuilder().setName(REPO + ":v1").setDigest(digest))
            .addImages(BuiltImage.newBuilder().setName(Notifications.OTHER_REPO + ":v1").setDigest(digest)))
        .build();
    // The other repository is not routed, so only checkout's release is claimed: it is backed.
    assertEquals(List.of("ack"), receive(forged));
    assertEquals(1, started.size());
  }

  @Test
  void aFailedBuildAnnouncedAsASuccessReleasesNothing() {
    Build forged = failed.toBuilder()
        .setStatus(Build.Status.SUCCESS)
        .setResults(Results.newBuilder().addImages(BuiltImage.newBuilder().setName(REPO + ":v2").setDigest(digest('e'))))
        .build();
    assertRefused(forged, failed.getId(), "Cloud Build says the build is FAILURE");
  }

  @Test
  void aBuildOfAnotherProjectReleasesNothing() {
    assertRefused(succeeded.toBuilder().setProjectId("other-ci").clearName().build(), succeeded.getId(),
        "in project other-ci");
  }

  @Test
  void whenCloudBuildCannotBeAskedTheMessageIsRedeliveredNotDropped() {
    simulator.faults().failNext("google.devtools.cloudbuild.v1.CloudBuild/GetBuild", 1, Status.Code.PERMISSION_DENIED,
        "the trigger's service account lacks cloudbuild.builds.get");
    assertEquals(List.of("nack"), receive(succeeded));
    assertEquals(List.of(), started);
    List<String> warnings = log.at(Level.WARN);
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains("could not confirm the build with Cloud Build; it will be redelivered"),
        warnings.get(0));
    assertTrue(warnings.get(0).contains("PERMISSION_DENIED"), warnings.get(0));

    assertEquals(List.of("ack"), receive(succeeded), "redelivered once Cloud Build answers: released");
    assertEquals(1, started.size());
  }

  private void assertRefused(Build forged, String buildId, String reason) {
    assertEquals(List.of("ack"), receive(forged), "acked: no redelivery can make it true");
    assertEquals(List.of(), started, "nothing released");
    List<String> warnings = log.at(Level.WARN);
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains("build " + buildId + " not released"), warnings.get(0));
    assertTrue(warnings.get(0).contains(reason), warnings.get(0));
  }

  private List<String> receive(Build build) {
    RecordingConsumer consumer = new RecordingConsumer();
    receiver.receiveMessage(message("m-" + build.getId(), build), consumer);
    return consumer.replies;
  }

  private Build finished(Build queued) throws InterruptedException {
    long end = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < end) {
      Build now = simulator.cloudBuild().build(PROJECT, queued.getId()).orElseThrow();
      if (now.getStatus() == Build.Status.SUCCESS || now.getStatus() == Build.Status.FAILURE) {
        return now;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("build " + queued.getId() + " did not finish within " + PATIENCE);
  }
}
