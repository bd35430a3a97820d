package dev.runshift.simulator.cloudbuild;

import com.google.cloudbuild.v1.Build;
import com.google.cloudbuild.v1.BuildStep;
import dev.runshift.simulator.core.SimContext;
import dev.runshift.simulator.core.SimulatedApi;
import dev.runshift.simulator.pubsub.PubSubSim;
import io.grpc.BindableService;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Cloud Build v1 ({@code CloudBuild}: CreateBuild, GetBuild, ListBuilds, CancelBuild) and its control
 * operations.
 *
 * <p>A build is QUEUED for {@link dev.runshift.simulator.core.SimConfig#buildQueueDelay()}, WORKING for
 * {@link dev.runshift.simulator.core.SimConfig#buildWorkDelay()} (both on the simulator clock), then ends
 * as scripted — SUCCESS unless {@link #scriptNextBuild}, {@link #setBuildOutcome} or {@link #failTests}
 * say otherwise. A successful build reports the images it pushed ({@code images} and {@code docker push}
 * steps) in {@code results.images} with digests derived from the seed and the build's content. CreateBuild
 * returns the build's long-running operation ({@code operations/build/PROJECT/BASE64(ID)}), registered
 * in the shared operation store so {@code google.longrunning.Operations} can serve it.
 *
 * <p>Every status change (QUEUED, WORKING, and the final one) is published once, in order, to
 * {@code projects/P/topics/cloud-builds} if that topic exists, shaped as Cloud Build publishes it. Because
 * changes are driven by the simulator clock, a daemon thread looks for due changes every
 * {@value #ANNOUNCE_MILLIS} ms of wall time, and every read announces what is due first. {@link #close()}
 * stops that thread.
 */
public final class CloudBuildSim implements SimulatedApi, AutoCloseable {
  static final long ANNOUNCE_MILLIS = 50;
  /** The trigger id {@link #startBuild} sets, like builds started by a Cloud Build trigger. */
  public static final String SIMULATED_TRIGGER_ID = "simulated-trigger";

  private final OutcomeScript script = new OutcomeScript();
  private final Builds builds;
  private final ScheduledExecutorService announcer;

  public CloudBuildSim(SimContext context, PubSubSim pubSub) {
    this(context, pubSub, ImagePushListener.NONE);
  }

  /** As {@link #CloudBuildSim(SimContext, PubSubSim)}, reporting every successful push to {@code pushes}. */
  public CloudBuildSim(SimContext context, PubSubSim pubSub, ImagePushListener pushes) {
    this.builds = new Builds(context.config(), context.clock(), context.operations(), script,
        new BuildNotifier(pubSub, pushes));
    this.announcer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "cloud-build-sim-notifications");
      t.setDaemon(true);
      return t;
    });
    announcer.scheduleWithFixedDelay(this::announceDue, ANNOUNCE_MILLIS, ANNOUNCE_MILLIS, TimeUnit.MILLISECONDS);
  }

  @Override
  public List<BindableService> services() {
    return List.of(new CloudBuildService(builds));
  }

  /** The next build created (by any means) ends with {@code outcome}; calls queue up in order. */
  public void scriptNextBuild(BuildOutcome outcome) {
    script.scriptNext(outcome);
  }

  /** Builds created from now on that match {@code match} end with {@code outcome}; the latest rule wins. */
  public void setBuildOutcome(BuildMatch match, BuildOutcome outcome) {
    script.add(match, outcome);
  }

  /**
   * Tests run against an image matching {@code imageRegex} fail: a build with a step running in (or naming)
   * such an image ends FAILURE at that step, with {@code testOutputTail} in {@code failure_info.detail}.
   */
  public void failTests(String imageRegex, String testOutputTail) {
    setBuildOutcome(BuildMatch.stepImage(imageRegex), BuildOutcome.failure(testOutputTail));
  }

  /** Forgets every scripted outcome; new builds succeed. */
  public void clearScriptedOutcomes() {
    script.clear();
  }

  /** Submits {@code build} to {@code project} as CreateBuild would; returns it as just queued. */
  public Build submit(String project, Build build) {
    return builds.view(builds.submit(project, CloudBuildService.DEFAULT_LOCATION, build));
  }

  /**
   * Starts a build of {@code image} as a Cloud Build trigger would (a {@code docker build} step, the image
   * in {@code images}, {@code build_trigger_id} {@value #SIMULATED_TRIGGER_ID}); it progresses and
   * publishes notifications like any other build.
   */
  public Build startBuild(String project, String image, String... tags) {
    Build build = Build.newBuilder()
        .addSteps(BuildStep.newBuilder()
            .setName("gcr.io/cloud-builders/docker")
            .addArgs("build").addArgs("-t").addArgs(image).addArgs("."))
        .addImages(image)
        .addAllTags(List.of(tags))
        .setBuildTriggerId(SIMULATED_TRIGGER_ID)
        .build();
    return submit(project, build);
  }

  /** Every build of {@code project} as of now, newest first. */
  public List<Build> builds(String project) {
    return builds.list(project, BuildFilter.parse(""));
  }

  /** Build {@code id} of {@code project} as of now. */
  public Optional<Build> build(String project, String id) {
    try {
      return Optional.of(builds.view(builds.find(project, id)));
    } catch (io.grpc.StatusRuntimeException notFound) {
      return Optional.empty();
    }
  }

  /** The topic Cloud Build publishes {@code project}'s build notifications to. */
  public static String notificationTopic(String project) {
    return BuildNotifier.topic(project);
  }

  private void announceDue() {
    try {
      builds.announceDue();
    } catch (RuntimeException e) {
      // Keep announcing; one bad build must not stop notifications for the others.
    }
  }

  /** Stops the notification thread. */
  @Override
  public void close() {
    announcer.shutdownNow();
  }
}
