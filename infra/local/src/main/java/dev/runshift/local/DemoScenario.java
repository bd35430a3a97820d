package dev.runshift.local;

import com.google.cloudbuild.v1.Build;
import com.google.cloud.run.v2.TrafficTargetStatus;
import dev.runshift.ports.ServiceRef;
import dev.runshift.release.Phase;
import dev.runshift.release.ReleaseOutcome;
import dev.runshift.simulator.Simulator;
import dev.runshift.simulator.core.ApiCall;
import dev.runshift.simulator.core.ImageBehaviour;
import dev.runshift.simulator.run.CloudRunSim;
import dev.runshift.report.ReportFiles;
import dev.runshift.report.EventTimeline;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The demo's story, on a running {@link LocalStack}: service {@code hello} serves v1; a healthy v2 is
 * built by Cloud Build and released by its Pub/Sub notification through the trigger, step by step until
 * promoted; then v3, whose image answers 10% of requests with 5xx, is built and rolled back to v2.
 * Whether it went as expected is decided from the releases' outcomes and the service's live traffic,
 * never from printed text. Each release's report (see {@code runshift report}) is written to the report
 * directory as {@code <service>-<label>.html}.
 */
public final class DemoScenario {
  private static final Duration RELEASE_START_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration BUILD_TIMEOUT = Duration.ofSeconds(60);

  private final LocalStack stack;
  private final DemoListener listener;
  private final Simulator sim;
  private final ReleaseWatcher watcher;
  private final Path reportDir;
  private final ServiceRef service = LocalStack.DEMO_SERVICE;
  private final String serviceName =
      CloudRunSim.serviceName(service.project(), service.region(), service.service());

  /** A scenario that writes each release's report into {@code reportDir} (created if missing). */
  public DemoScenario(LocalStack stack, DemoListener listener, Path reportDir) {
    this.stack = stack;
    this.reportDir = reportDir;
    this.listener = listener;
    this.sim = stack.simulator();
    this.watcher = new ReleaseWatcher(stack.client(), Duration.ofMillis(250));
  }

  public DemoResult run() throws InterruptedException {
    String repository = LocalStack.DEMO_REPOSITORY;
    String v1 = repository + "@sha256:" + sha256("hello v1");

    listener.section("Service " + service + " serves v1 at 100%");
    sim.images().set(v1, ImageBehaviour.healthy());
    sim.cloudRun().createService(service.project(), service.region(), service.service(), v1);
    sim.cloudRun().setRequestRate(serviceName, stack.settings().simulator().defaultRequestRate());
    listener.note("created " + serviceName + " running " + v1);
    listener.note(String.format("it receives %.0f requests/s; v1 answers %.1f%% 5xx",
        stack.settings().simulator().defaultRequestRate(), ImageBehaviour.healthy().errorRate() * 100));

    List<DemoResult.Release> releases = new ArrayList<>();
    List<String> problems = new ArrayList<>();

    listener.section("v2: Cloud Build builds a healthy image; its notification starts the release");
    DemoResult.Release v2 = buildAndFollow("v2", repository, Phase.PROMOTED);
    releases.add(v2);

    listener.section("v3: an image that answers 10% of requests with 5xx");
    // v1 and v2 stay healthy (exact references win); every other hello image is the bad v3.
    sim.images().set(v2.image(), ImageBehaviour.healthy());
    sim.images().setPattern(Pattern.quote(repository) + "@.*", ImageBehaviour.healthy().withErrorRate(0.10));
    listener.note("set in the simulator: any new hello image answers 10% 5xx (the policy allows "
        + String.format("%.0f%%", stack.settings().policy().maxErrorRate() * 100) + ")");
    DemoResult.Release v3 = buildAndFollow("v3", repository, Phase.ROLLED_BACK);
    releases.add(v3);

    for (DemoResult.Release r : releases) {
      if (r.outcome() != r.expected()) {
        problems.add(r.label() + " ended " + r.outcome() + ", expected " + r.expected()
            + (r.reason() == null ? "" : " (" + r.reason() + ")"));
      }
    }
    String servingAfter = servingRevisionAtFullTraffic();
    String v2Revision = v2.candidateRevision();
    if (v2Revision == null || !v2Revision.equals(servingAfter)) {
      problems.add("after the rollback the service serves " + servingAfter + ", expected v2's revision " + v2Revision);
    } else {
      listener.note("the service serves 100% on " + servingAfter + " (v2) again");
    }
    listener.summary(releases, problems.isEmpty(), problems);
    return new DemoResult(releases, problems);
  }

  private DemoResult.Release buildAndFollow(String label, String repository, Phase expected)
      throws InterruptedException {
    long started = System.nanoTime();
    int callsBefore = sim.calls().calls().size();
    Build build = sim.cloudBuild().startBuild(service.project(), repository + ":" + label, label);
    listener.note("Cloud Build " + build.getId() + " started for " + repository + ":" + label);
    String image = awaitBuiltImage(build.getId());
    listener.note("built " + image + "; Cloud Build published the notification on "
        + LocalStack.DEMO_TOPIC);

    String workflowId = watcher.awaitRelease(service, image, RELEASE_START_TIMEOUT);
    listener.note("the trigger asked service " + service.service() + " for a release: workflow " + workflowId);
    ReleaseOutcome outcome = watcher.follow(workflowId, listener::progress);
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    Path report = reportDir.resolve(service.service() + "-" + label + ".html");
    ReportFiles.write(EventTimeline.of(watcher.status(workflowId)), report, null);
    listener.note("report: " + report.toAbsolutePath());
    List<ApiCall> calls = sim.calls().calls();
    Map<String, Long> perApi = new TreeMap<>();
    for (ApiCall c : calls.subList(Math.min(callsBefore, calls.size()), calls.size())) {
      perApi.merge(apiName(c), 1L, Long::sum);
    }
    return new DemoResult.Release(
        label, outcome.releaseId(), image, outcome.candidateRevision(), expected, outcome.phase(),
        outcome.reason(), took, perApi, report.toAbsolutePath());
  }

  /** Waits for the build to finish and returns its image pinned by digest. */
  private String awaitBuiltImage(String buildId) throws InterruptedException {
    long deadline = System.nanoTime() + BUILD_TIMEOUT.toNanos();
    Build.Status last = null;
    while (System.nanoTime() < deadline) {
      Build b = sim.cloudBuild().build(service.project(), buildId).orElseThrow();
      if (b.getStatus() != last) {
        last = b.getStatus();
        listener.note("  build " + last);
      }
      if (b.getStatus() == Build.Status.SUCCESS) {
        var built = b.getResults().getImages(0);
        String name = built.getName();
        int colon = name.lastIndexOf(':');
        String repo = colon > name.lastIndexOf('/') ? name.substring(0, colon) : name;
        return repo + "@" + built.getDigest();
      }
      if (b.getStatus() != Build.Status.QUEUED && b.getStatus() != Build.Status.WORKING
          && b.getStatus() != Build.Status.PENDING) {
        throw new IllegalStateException("build " + buildId + " ended " + b.getStatus());
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("build " + buildId + " did not finish within " + BUILD_TIMEOUT);
  }

  /** The revision serving 100% of the service now, or a description of the split. */
  private String servingRevisionAtFullTraffic() {
    var svc = sim.cloudRun().service(serviceName).orElseThrow();
    List<String> split = new ArrayList<>();
    for (TrafficTargetStatus t : svc.getTrafficStatusesList()) {
      String rev = t.getRevision().substring(t.getRevision().lastIndexOf('/') + 1);
      if (t.getPercent() == 100) {
        return rev;
      }
      if (t.getPercent() > 0) {
        split.add(rev + "=" + t.getPercent() + "%");
      }
    }
    return String.join(", ", split);
  }

  static String apiName(ApiCall call) {
    String s = call.service();
    if (s.startsWith("google.cloud.run.")) {
      return "Cloud Run";
    } else if (s.startsWith("google.monitoring.")) {
      return "Monitoring";
    } else if (s.startsWith("google.devtools.cloudbuild.")) {
      return "Cloud Build";
    } else if (s.startsWith("google.pubsub.")) {
      return "Pub/Sub";
    } else if (s.startsWith("google.longrunning.")) {
      return "Operations";
    }
    return s;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
