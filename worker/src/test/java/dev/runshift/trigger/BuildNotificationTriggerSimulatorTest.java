package dev.runshift.trigger;

import static dev.runshift.trigger.Notifications.REPO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloudbuild.v1.Build;
import dev.runshift.activities.google.GoogleClientsConfig;
import dev.runshift.simulator.Simulator;
import dev.runshift.worker.GoogleActivities;
import dev.runshift.simulator.cloudbuild.CloudBuildSim;
import dev.runshift.simulator.core.SimClock;
import dev.runshift.simulator.core.SimConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The trigger contract against Runshift's simulator Pub/Sub, plus the whole path from a simulated Cloud
 * Build: the simulator announces QUEUED, WORKING and SUCCESS on {@code cloud-builds} exactly as Cloud Build
 * does, and only SUCCESS releases, once, the digest the build pushed, confirmed with the simulator's
 * Cloud Build through the official client.
 */
class BuildNotificationTriggerSimulatorTest extends BuildNotificationTriggerContract {
  private Simulator simulator;

  @Override
  protected PubSubBackend startBackend() {
    simulator = Simulator.start(
        SimConfig.defaults().withBuildDelays(Duration.ofMillis(300), Duration.ofMillis(700)), SimClock.system());
    return new PubSubBackend() {
      @Override
      public String endpoint() {
        return simulator.endpoint();
      }

      @Override
      public String description() {
        return "Runshift simulator Pub/Sub at " + simulator.endpoint();
      }

      @Override
      public void close() {
        simulator.close();
      }
    };
  }

  @Test
  void aSimulatedCloudBuildReleasesItsPushedDigestOnceItSucceeds() {
    assertEquals(TOPIC, CloudBuildSim.notificationTopic("acme-ci"));
    try (GoogleActivities google =
        GoogleActivities.create(GoogleClientsConfig.google().withEndpoint(simulator.endpoint()))) {
      startTrigger(new TemporalReleaseStarter(env.getWorkflowClient(), s -> settings()),
          new CloudBuildConfirmation(google.buildRecords()));

      Build queued = simulator.cloudBuild().startBuild("acme-ci", REPO + ":v9");

      await(() -> acks() >= 3, "QUEUED, WORKING and SUCCESS notifications acked");
      await(() -> journal.started().size() == 1, "release started");
      Build done = simulator.cloudBuild().build("acme-ci", queued.getId()).orElseThrow();
      assertEquals(Build.Status.SUCCESS, done.getStatus());
      String pushed = REPO + "@" + done.getResults().getImages(0).getDigest();
      assertEquals(List.of(pushed), journal.startedImages());
      assertEquals("cloud-build:" + queued.getId(), originOf(journal.started().get(0)));
      assertTrue(replies.stream().noneMatch(r -> r.startsWith("nack")), replies.toString());
    }
  }
}
