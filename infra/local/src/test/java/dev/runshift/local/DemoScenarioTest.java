package dev.runshift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runshift.policy.PolicyBuilder;
import dev.runshift.policy.RolloutPolicy;
import dev.runshift.release.Phase;
import dev.runshift.release.ReleaseStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's own code path on the embedded stack (real time), with fewer and shorter steps: a healthy
 * build is promoted through the Pub/Sub trigger, a 10%-errors build is rolled back to it.
 */
class DemoScenarioTest {

  @Test
  // The demo follows each release until it ends; a release left waiting for an operator would otherwise
  // hang the build. A run takes about a minute.
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void healthyBuildIsPromotedAndFaultyBuildIsRolledBack(@TempDir Path reports) throws Exception {
    RolloutPolicy demo = LocalSettings.demo().policy();
    RolloutPolicy faster =
        // The demo's own policy, verdict settings included (a 1-minute baseline, a detectable increase of 1
        // point, alpha 0.1%, sized for seconds at 400 requests/s): under the production verdict defaults a
        // healthy v2 at 10% of 400 requests/s with 0.1% 5xx cannot be shown not worse (within 0.1 point)
        // before maxWaitForTraffic, and would wait for an operator. Only the steps and soak are shorter.
        PolicyBuilder.from(demo).steps(10, 100).soak(Duration.ofSeconds(2)).build();
    Recorder recorder = new Recorder();
    DemoResult result;
    try (LocalStack stack = LocalStack.start(LocalSettings.demo().withPolicy(faster), LocalPorts.any())) {
      result = new DemoScenario(stack, recorder, reports).run();
    }

    assertEquals(2, result.releases().size());
    DemoResult.Release v2 = result.releases().get(0);
    DemoResult.Release v3 = result.releases().get(1);
    assertEquals(Phase.PROMOTED, v2.outcome(), String.valueOf(v2));
    assertEquals(Phase.ROLLED_BACK, v3.outcome(), String.valueOf(v3));
    assertTrue(result.asExpected(), String.valueOf(result.problems()));
    // Rolled back by the evidence of its 5xx (every harm about 5xx is named "5xx ...", and the 5xx checks
    // come first), not by latency or a failed step.
    assertTrue(v3.reason().contains("unhealthy: 5xx "), v3.reason());
    assertTrue(v2.apiCalls().getOrDefault("Cloud Run", 0L) > 0, String.valueOf(v2.apiCalls()));
    assertTrue(v2.apiCalls().getOrDefault("Monitoring", 0L) > 0, String.valueOf(v2.apiCalls()));

    // The watcher saw the rollout step by step: the candidate at 10% before it reached 100%.
    List<Integer> v2Percents = recorder.candidatePercents(v2.releaseId());
    assertTrue(v2Percents.contains(10) && v2Percents.indexOf(10) < v2Percents.lastIndexOf(100), v2Percents.toString());
    assertTrue(recorder.sawSummary);

    // Each release's report is written, and shows its own story.
    assertEquals(reports.resolve("hello-v2.html").toAbsolutePath(), v2.report());
    assertEquals(reports.resolve("hello-v3.html").toAbsolutePath(), v3.report());
    String v2Report = Files.readString(v2.report());
    String v3Report = Files.readString(v3.report());
    assertTrue(v2Report.contains("Release " + v2.releaseId() + " of ") && v2Report.contains("PROMOTED"), v2Report);
    assertTrue(v3Report.contains("Release " + v3.releaseId() + " of ") && v3Report.contains("ROLLED_BACK"), v3Report);
    assertTrue(v3Report.contains("class=\"marker outcome\"") && v3Report.contains("class=\"verdict unhealthy\""),
        v3Report);
  }

  /** Keeps what the demo reported. */
  static final class Recorder implements DemoListener {
    final List<ReleaseStatus> statuses = new ArrayList<>();
    boolean sawSummary;

    @Override
    public void section(String title) {}

    @Override
    public void note(String line) {}

    @Override
    public synchronized void progress(ReleaseStatus status) {
      statuses.add(status);
    }

    @Override
    public void summary(List<DemoResult.Release> releases, boolean asExpected, List<String> problems) {
      sawSummary = true;
    }

    synchronized List<Integer> candidatePercents(String releaseId) {
      List<Integer> out = new ArrayList<>();
      for (ReleaseStatus s : statuses) {
        if (releaseId.equals(s.releaseId()) && s.traffic() != null && s.candidateRevision() != null) {
          int p = s.traffic().percentOf(s.candidateRevision());
          if (out.isEmpty() || out.get(out.size() - 1) != p) {
            out.add(p);
          }
        }
      }
      return out;
    }
  }
}
