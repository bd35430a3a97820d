package dev.runshift.simulator.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.gax.rpc.InvalidArgumentException;
import com.google.api.gax.rpc.NotFoundException;
import com.google.cloudbuild.v1.Build;
import com.google.cloudbuild.v1.BuiltImage;
import com.google.devtools.artifactregistry.v1.ArtifactRegistryClient;
import com.google.devtools.artifactregistry.v1.ArtifactRegistrySettings;
import com.google.devtools.artifactregistry.v1.ListTagsRequest;
import com.google.devtools.artifactregistry.v1.Tag;
import dev.runshift.simulator.Simulator;
import dev.runshift.simulator.core.SimClock;
import dev.runshift.simulator.core.SimConfig;
import dev.runshift.simulator.testing.PlaintextChannel;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Artifact Registry tags through the official {@link ArtifactRegistryClient}, fed by simulated builds. */
class ArtifactRegistryTagsTest {
  private static final String PACKAGE =
      "projects/shop-prod/locations/europe-west1/repositories/apps/packages/checkout";
  private static final String IMAGE = "europe-west1-docker.pkg.dev/shop-prod/apps/checkout";
  private static final String DIGEST_A = "sha256:" + "a".repeat(64);
  private static final String DIGEST_B = "sha256:" + "b".repeat(64);

  private final AtomicLong millis = new AtomicLong(Instant.parse("2026-01-05T10:00:00Z").toEpochMilli());
  private Simulator sim;
  private PlaintextChannel channel;
  private ArtifactRegistryClient registry;

  @BeforeEach
  void start() throws IOException {
    sim = Simulator.start(
        SimConfig.defaults().withBuildDelays(Duration.ofSeconds(1), Duration.ofSeconds(10)),
        SimClock.ofMillis(millis::get));
    channel = PlaintextChannel.to(sim.endpoint());
    registry = ArtifactRegistryClient.create(ArtifactRegistrySettings.newBuilder()
        .setTransportChannelProvider(channel.provider())
        .setCredentialsProvider(PlaintextChannel.credentials())
        .build());
  }

  @AfterEach
  void stop() {
    registry.close();
    channel.close();
    sim.close();
  }

  @Test
  void aSuccessfulBuildsPushedTagResolvesToTheDigestItReported() {
    Build queued = sim.cloudBuild().startBuild("shop-prod", IMAGE + ":v2");
    // not pushed until the build succeeds
    assertThrows(NotFoundException.class, () -> registry.getTag(PACKAGE + "/tags/v2"));

    millis.addAndGet(Duration.ofSeconds(12).toMillis());
    Build done = sim.cloudBuild().build("shop-prod", queued.getId()).orElseThrow();
    assertEquals(Build.Status.SUCCESS, done.getStatus());
    BuiltImage pushed = done.getResults().getImages(0);

    Tag tag = registry.getTag(PACKAGE + "/tags/v2");
    assertEquals(PACKAGE + "/tags/v2", tag.getName());
    assertEquals(PACKAGE + "/versions/" + pushed.getDigest(), tag.getVersion());
  }

  @Test
  void aFailedBuildPushesNothing() {
    sim.cloudBuild().scriptNextBuild(dev.runshift.simulator.cloudbuild.BuildOutcome.failure("tests failed"));
    Build queued = sim.cloudBuild().startBuild("shop-prod", IMAGE + ":broken");
    millis.addAndGet(Duration.ofSeconds(12).toMillis());
    assertEquals(Build.Status.FAILURE,
        sim.cloudBuild().build("shop-prod", queued.getId()).orElseThrow().getStatus());
    assertThrows(NotFoundException.class, () -> registry.getTag(PACKAGE + "/tags/broken"));
  }

  @Test
  void anUnknownTagIsNotFoundNamingIt() {
    sim.registry().tag(IMAGE + ":v1", DIGEST_A);
    NotFoundException e =
        assertThrows(NotFoundException.class, () -> registry.getTag(PACKAGE + "/tags/v9"));
    assertTrue(e.getMessage().contains(PACKAGE + "/tags/v9"), e.getMessage());
  }

  @Test
  void aMalformedTagNameIsInvalid() {
    assertThrows(InvalidArgumentException.class, () -> registry.getTag("projects/shop-prod/tags/v1"));
  }

  @Test
  void retaggingMovesTheTagAndAPackageWithSlashesIsEncoded() {
    sim.registry().tag(IMAGE + ":v1", DIGEST_A);
    sim.registry().tag(IMAGE + ":v1", DIGEST_B);
    assertEquals(PACKAGE + "/versions/" + DIGEST_B, registry.getTag(PACKAGE + "/tags/v1").getVersion());

    sim.registry().tag("europe-west1-docker.pkg.dev/shop-prod/apps/team/api:stable", DIGEST_A);
    String encoded = "projects/shop-prod/locations/europe-west1/repositories/apps/packages/team%2Fapi";
    assertEquals(encoded + "/versions/" + DIGEST_A, registry.getTag(encoded + "/tags/stable").getVersion());
  }

  @Test
  void onlyArtifactRegistryTagsAreRecorded() {
    assertFalse(sim.registry().recordPush("gcr.io/shop-prod/checkout:v1", DIGEST_A));
    assertFalse(sim.registry().recordPush(IMAGE + "@" + DIGEST_A, DIGEST_A));
    assertThrows(IllegalArgumentException.class, () -> sim.registry().tag("docker.io/library/nginx:1", DIGEST_A));
    assertThrows(IllegalArgumentException.class, () -> sim.registry().tag(IMAGE + ":v1", "sha256:short"));
    // an image pushed without a tag is :latest
    assertTrue(sim.registry().recordPush(IMAGE, DIGEST_B));
    assertEquals(PACKAGE + "/versions/" + DIGEST_B, registry.getTag(PACKAGE + "/tags/latest").getVersion());
  }

  @Test
  void listTagsPagesThroughAPackagesTagsInNameOrder() {
    sim.registry().tag(IMAGE + ":v3", DIGEST_A);
    sim.registry().tag(IMAGE + ":v1", DIGEST_A);
    sim.registry().tag(IMAGE + ":v2", DIGEST_B);
    sim.registry().tag(IMAGE + "-other:v1", DIGEST_B);
    List<String> names = new ArrayList<>();
    registry.listTags(ListTagsRequest.newBuilder().setParent(PACKAGE).setPageSize(2).build())
        .iterateAll().forEach(t -> names.add(t.getName()));
    assertEquals(List.of(PACKAGE + "/tags/v1", PACKAGE + "/tags/v2", PACKAGE + "/tags/v3"), names);
  }
}
