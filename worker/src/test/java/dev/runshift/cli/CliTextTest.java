package dev.runshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runshift.policy.PolicyBuilder;
import dev.runshift.policy.RolloutPolicy;
import dev.runshift.ports.ServiceRef;
import dev.runshift.release.Phase;
import dev.runshift.release.ReleaseStatus;
import dev.runshift.release.StepFailure;
import dev.runshift.traffic.TrafficMap;
import dev.runshift.traffic.TrafficTarget;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code status} and {@code releases} print for people, on values (no Temporal). */
class CliTextTest {
  private static final ServiceRef SHOP = new ServiceRef("p", "us-central1", "shop");

  @Test
  void theDefaultPolicyOnOneLine() {
    assertEquals("steps 10,50,100; soak 0s; look every 1m; ≥100 req per look; sequential 5xx (alpha 0.01, beta 0.01,"
        + " ≤1x stable); operator after 2h without a verdict; transient faults retried for 30m; on failure rollback",
        PolicySummary.of(RolloutPolicy.defaults()));
    assertEquals("-", PolicySummary.of(null));
  }

  @Test
  void statusAfterAFailedDeploySaysTrafficIsUntouchedInsteadOfNull() {
    ReleaseStatus failed = new ReleaseStatus("r1-a", SHOP, Phase.AWAITING_OPERATOR, "img@sha256:1", "shop-rs-1",
        List.of(), null, -1, List.of(10, 50, 100), null,
        new StepFailure("deploy", "PermissionDenied", "deploy failed: denied"), List.of(), List.of(), RolloutPolicy.defaults());

    String out = print(failed);

    assertTrue(out.contains("stable     - (read from Cloud Run when the candidate is deployed)\n"), out);
    assertTrue(out.contains("traffic    unchanged by this release (it has not deployed a candidate)\n"), out);
    assertTrue(out.contains("policy     steps 10,50,100; "), out);
    assertTrue(!out.contains("null"), out);
  }

  @Test
  void trafficIsSaidToBeTheReleasesLastKnownMap() {
    TrafficMap map = TrafficMap.of(TrafficTarget.revision("shop-1", 90), TrafficTarget.tagged("shop-rs-2", 10, "candidate"));
    ReleaseStatus verifying = new ReleaseStatus("r2-b", SHOP, Phase.VERIFYING, "img@sha256:2", "shop-rs-2",
        List.of("shop-1"), map, 0, List.of(10, 100), null, null, List.of(), List.of(), RolloutPolicy.defaults());

    String out = print(verifying);

    assertTrue(out.contains("stable     shop-1\n"), out);
    assertTrue(out.contains("traffic    shop-1 90%, shop-rs-2 10% (candidate)  [as this release last set or read it]\n"), out);
  }

  @Test
  void optionalPolicyLimitsAppearOnlyWhenSet() {
    RolloutPolicy strict = PolicyBuilder.defaults().steps(5, 100).soak(Duration.ofMinutes(10))
        .analysisInterval(Duration.ofSeconds(30)).minRequests(50).maxErrorRate(0.02).maxP99Ms(800.0)
        .maxErrorRateIncrease(0.005).maxLatencyRatio(1.5).approvalSteps(List.of(100)).maxWaitForTraffic(null)
        .raw();
    assertEquals("steps 5,100; soak 10m; look every 30s; ≥50 req per look; sequential 5xx (alpha 0.01, beta 0.01,"
        + " ≤1x stable); 5xx ≤ stable+0.5%; p99 ≤800 ms; latency ≤1.5x stable; approval before 100%;"
        + " transient faults retried for 30m; on failure rollback", PolicySummary.of(strict));
  }

  @Test
  void tableColumnsAreAsWideAsTheirWidestCell() {
    StringWriter text = new StringWriter();
    new Table("ID", "IMAGE", "ORIGIN").row("r1", "repo@sha256:" + "a".repeat(64), "cli").row("r22", "short", null)
        .print(new PrintWriter(text, true));
    List<String> lines = text.toString().lines().toList();
    int origin = lines.get(0).indexOf("ORIGIN");
    assertEquals("cli", lines.get(1).substring(origin));
    assertEquals("r22  short", lines.get(2).stripTrailing().substring(0, 10));
    assertEquals(lines.get(0).indexOf("IMAGE"), lines.get(2).indexOf("short"));
  }

  @Test
  void onATerminalTheProgressLineIsRedrawnInPlaceAndNeverWraps() {
    TrafficMap map = TrafficMap.of(TrafficTarget.revision("shop-1", 75), TrafficTarget.tagged("shop-rs-2", 25, "candidate"));
    ReleaseStatus s = new ReleaseStatus("r2-b", SHOP, Phase.VERIFYING, "img@sha256:2", "shop-rs-2",
        List.of("shop-1"), map, 1, List.of(10, 25, 100), null, null,
        List.of(new dev.runshift.release.Decision(0, "shifted to 25%", "", "")), List.of(), RolloutPolicy.defaults());
    StringWriter text = new StringWriter();
    ProgressView view = ProgressView.terminal(new PrintWriter(text), false, 40);

    view.show(s);
    view.show(s);
    view.note("promoted r2-b");

    String[] redraws = text.toString().split("\r\033\\[K", -1);
    String progress = redraws[redraws.length - 1].lines().findFirst().orElseThrow();
    assertTrue(progress.startsWith("[#####...............]  25%  VERIFYING"), text.toString());
    assertTrue(progress.length() < 40, progress);
    assertEquals(1, text.toString().split("shifted to 25%", -1).length - 1, "each decision once: " + text);
    assertTrue(text.toString().endsWith(progress + System.lineSeparator() + "promoted r2-b" + System.lineSeparator()),
        "the note follows the last progress line: " + text);
  }

  private static String print(ReleaseStatus s) {
    StringWriter text = new StringWriter();
    StatusView.print(s, new PrintWriter(text));
    return text.toString().replace(System.lineSeparator(), "\n");
  }
}
