package dev.runshift.simulator.cloudbuild;

import com.google.api.gax.longrunning.OperationTimedPollAlgorithm;
import com.google.api.gax.retrying.RetrySettings;
import com.google.cloud.devtools.cloudbuild.v1.CloudBuildClient;
import com.google.cloud.devtools.cloudbuild.v1.CloudBuildSettings;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import dev.runshift.simulator.Simulator;
import dev.runshift.simulator.core.SimClock;
import dev.runshift.simulator.core.SimConfig;
import dev.runshift.simulator.testing.PlaintextChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A simulator on a hand-driven clock with the official Cloud Build and Pub/Sub admin clients connected.
 * The clients talk to the simulator's own port, where it also serves {@code google.longrunning.Operations}.
 */
final class BuildFixture implements AutoCloseable {
  static final Duration QUEUED = Duration.ofSeconds(2);
  static final Duration WORKING = Duration.ofSeconds(20);

  final AtomicLong millis = new AtomicLong(Instant.parse("2026-01-05T10:00:00Z").toEpochMilli());
  final Simulator sim;
  final PlaintextChannel channel;
  final CloudBuildClient builds;
  final TopicAdminClient topics;
  final SubscriptionAdminClient subscriptions;

  BuildFixture() {
    this(42L);
  }

  BuildFixture(long seed) {
    sim = Simulator.start(SimConfig.defaults().withSeed(seed).withBuildDelays(QUEUED, WORKING),
        SimClock.ofMillis(millis::get));
    channel = PlaintextChannel.to(sim.endpoint());
    try {
      CloudBuildSettings.Builder settings = CloudBuildSettings.newBuilder()
          .setTransportChannelProvider(channel.provider())
          .setCredentialsProvider(PlaintextChannel.credentials());
      settings.createBuildOperationSettings().setPollingAlgorithm(OperationTimedPollAlgorithm.create(
          RetrySettings.newBuilder()
              .setInitialRetryDelayDuration(Duration.ofMillis(50))
              .setRetryDelayMultiplier(1.0)
              .setMaxRetryDelayDuration(Duration.ofMillis(50))
              .setInitialRpcTimeoutDuration(Duration.ZERO)
              .setRpcTimeoutMultiplier(1.0)
              .setMaxRpcTimeoutDuration(Duration.ZERO)
              .setTotalTimeoutDuration(Duration.ofSeconds(60))
              .build()));
      builds = CloudBuildClient.create(settings.build());
      topics = TopicAdminClient.create(TopicAdminSettings.newBuilder()
          .setTransportChannelProvider(channel.provider())
          .setCredentialsProvider(PlaintextChannel.credentials())
          .build());
      subscriptions = SubscriptionAdminClient.create(SubscriptionAdminSettings.newBuilder()
          .setTransportChannelProvider(channel.provider())
          .setCredentialsProvider(PlaintextChannel.credentials())
          .build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void advance(Duration d) {
    millis.addAndGet(d.toMillis());
  }

  @Override
  public void close() {
    builds.close();
    topics.close();
    subscriptions.close();
    channel.close();
    sim.close();
  }
}
