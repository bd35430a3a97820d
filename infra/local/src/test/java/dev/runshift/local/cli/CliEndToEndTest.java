package dev.runshift.local.cli;

import dev.runshift.cli.CliRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runshift.local.LocalPorts;
import dev.runshift.local.LocalSettings;
import dev.runshift.local.LocalStack;
import dev.runshift.report.SvgDocs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The CLI as a user runs it in a second terminal against {@code runshift dev}: the local stack on free
 * ports, every command through picocli with captured output, settings from the environment.
 */
class CliEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REPO = "us-docker.pkg.dev/runshift-local/apps/shop";
  private static final String V1 = REPO + "@sha256:" + "a".repeat(64);
  private static final String V2 = REPO + "@sha256:" + "b".repeat(64);

  private static LocalStack stack;
  private static Map<String, String> env;

  @BeforeAll
  static void startStack() {
    stack = LocalStack.start(LocalSettings.demo(), LocalPorts.any());
    env = Map.of(
        "TEMPORAL_ADDRESS", stack.temporalAddress(),
        "RUNSHIFT_SIM", stack.controlUrl(),
        "RUNSHIFT_PROJECT", LocalStack.PROJECT,
        "USER", "tester");
  }

  @AfterAll
  static void stopStack() {
    stack.close();
  }

  private static CliRun ok(String... args) {
    CliRun r = LocalCli.run(env, args);
    assertEquals(0, r.exitCode(), () -> String.join(" ", args) + "\n" + r);
    return r;
  }

  @Test
  void deployStatusPauseResumePromoteAndReleases(@TempDir Path dir) throws Exception {
    ok("sim", "create-service", "shop", "--image", V1);
    ok("sim", "rate", "shop", "400");
    // Simulated 5xx are random: at the default 0.1%, one error among the first 40 candidate requests (a 4%
    // chance) would make two verdicts unhealthy and roll back the release this test operates. It is about
    // the CLI, so V2 answers no 5xx.
    ok("sim", "image", V2, "--error-rate", "0");

    // A long soak so that the release is still verifying while we operate it.
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, "steps: [5, 50, 100]\nsoak: 10m\nanalysisInterval: 2s\nminRequests: 10\nmaxWaitForTraffic: 5m\n");
    CliRun deploy = ok("deploy", "--service", "shop", "--image", V2, "--policy", policy.toString());
    assertTrue(deploy.out().contains("accepted"), deploy.toString());

    JsonNode verifying = awaitStatus("shop", s -> s.path("phase").asText().equals("VERIFYING"));
    assertEquals(V2, verifying.path("image").asText());
    String candidate = verifying.path("candidateRevision").asText();
    assertEquals(5, verifying.path("traffic").path(candidate).asInt(), verifying.toPrettyString());
    assertEquals(95, verifying.path("traffic").path(verifying.path("stableRevisions").get(0).asText()).asInt());
    assertEquals("[5,50,100]", verifying.path("steps").toString());
    assertEquals(0, verifying.path("stepIndex").asInt());
    assertEquals(candidate, verifying.path("tags").path("candidate").asText());

    CliRun pause = ok("pause", "shop", "--reason", "looking at logs");
    assertTrue(pause.out().startsWith("pause " + verifying.path("releaseId").asText() + ": "), pause.toString());
    JsonNode paused = awaitStatus("shop", s -> s.path("phase").asText().equals("PAUSED"));
    assertTrue(decisionsMention(paused, "looking at logs"), paused.path("decisions").toPrettyString());

    CliRun pausedAgain = LocalCli.run(env, "pause", "shop");
    assertEquals(1, pausedAgain.exitCode(), pausedAgain.toString());
    assertEquals(1, pausedAgain.errLines().length, pausedAgain.toString());
    assertEquals("runshift: rejected: the release is already paused", pausedAgain.errLines()[0]);

    ok("resume", "shop");
    awaitStatus("shop", s -> s.path("phase").asText().equals("VERIFYING"));

    CliRun human = ok("status", "shop");
    assertTrue(human.out().contains("phase      VERIFYING"), human.toString());

    ok("promote", "shop", "--reason", "looks good");
    JsonNode promoted = awaitStatus("shop", s -> s.path("phase").asText().equals("PROMOTED"));
    assertEquals(100, promoted.path("traffic").path(candidate).asInt(), promoted.toPrettyString());

    CliRun releases = awaitReleases("shop", r -> r.out().contains("PROMOTED"));
    assertTrue(releases.out().contains(V2), releases.toString());
    JsonNode releasesJson = JSON.readTree(ok("releases", "shop", "--json").out());
    assertEquals("PROMOTED", releasesJson.path("releases").get(0).path("outcome").asText());
    assertEquals("cli:tester", releasesJson.path("releases").get(0).path("requestedBy").asText());

    // Nothing running now: a control is one clear line.
    CliRun none = LocalCli.run(env, "pause", "shop");
    assertEquals(1, none.exitCode());
    assertEquals("runshift: no release is running for runshift-local/us-central1/shop", none.errLines()[0]);

    // The simulator saw the traffic changes the release made.
    CliRun calls = ok("sim", "calls", "--method", "UpdateService");
    assertTrue(calls.out().contains("google.cloud.run.v2.Services/UpdateService"), calls.toString());
  }

  @Test
  void aSimulatedBuildReachesTheServiceThroughTheTriggerAndCanBeAborted() throws Exception {
    ok("sim", "create-service", "hello", "--image", LocalStack.DEMO_REPOSITORY + "@sha256:" + "c".repeat(64));
    JsonNode build = JSON.readTree(ok("sim", "build", LocalStack.DEMO_REPOSITORY + ":v7").out());
    String buildId = build.path("id").asText();

    CliRun running =
        awaitReleases("hello", r -> r.out().lines().anyMatch(l -> l.contains("RUNNING") && l.contains("cloud-build:" + buildId)));
    assertTrue(running.out().contains(LocalStack.DEMO_REPOSITORY + "@sha256:"), running.toString());
    assertTrue(ok("sim", "builds").out().contains(buildId));

    CliRun abort = LocalCli.run(env, "abort", "hello", "--reason", "wrong build");
    if (abort.exitCode() == 0) {
      JsonNode aborted = awaitStatus("hello", s -> s.path("phase").asText().equals("ABORTED"));
      assertTrue(decisionsMention(aborted, "wrong build"), aborted.path("decisions").toPrettyString());
      JsonNode history = JSON.readTree(ok("releases", "hello", "--json").out());
      assertEquals("ABORTED", history.path("releases").get(0).path("outcome").asText());
      assertEquals("cloud-build:" + buildId, history.path("releases").get(0).path("origin").asText());
    } else {
      fail("abort was refused: " + abort);
    }
  }

  @Test
  void unknownServiceIsOneLineAndNonZero() {
    CliRun r = LocalCli.run(env, "status", "nosuch");
    assertEquals(1, r.exitCode());
    assertEquals(1, r.errLines().length, r.toString());
    assertEquals("runshift: unknown service runshift-local/us-central1/nosuch: runshift has no record of it"
        + " (start one with `runshift deploy`)", r.errLines()[0]);

    CliRun sim = LocalCli.run(env, "sim", "rate", "nosuch", "5");
    assertEquals(1, sim.exitCode());
    assertTrue(sim.err().startsWith("runshift: simulator: no service"), sim.toString());
  }

  @Test
  void reportShowsAReleasesTrafficVerdictsAndOperatorActions(@TempDir Path dir) throws Exception {
    String repo = "us-docker.pkg.dev/runshift-local/apps/cart";
    ok("sim", "create-service", "cart", "--image", repo + "@sha256:" + "1".repeat(64));
    ok("sim", "rate", "cart", "400");
    String v2 = repo + "@sha256:" + "2".repeat(64);
    ok("sim", "image", v2, "--error-rate", "0");
    Path policy = dir.resolve("policy.yaml");
    // A long soak: the release verifies at 10% until the operator promotes it.
    Files.writeString(policy, "steps: [10, 100]\nsoak: 10m\nanalysisInterval: 1s\nminRequests: 10\nmaxWaitForTraffic: 5m\n");
    ok("deploy", "--service", "cart", "--image", v2, "--policy", policy.toString());

    JsonNode looked = awaitStatus("cart",
        s -> s.path("phase").asText().equals("VERIFYING") && decisionsMention(s, "verdict at 10%"));
    String releaseId = looked.path("releaseId").asText();
    ok("pause", "cart", "--reason", "checking <dashboards> & logs");
    awaitStatus("cart", s -> s.path("phase").asText().equals("PAUSED"));
    ok("resume", "cart");
    awaitStatus("cart", s -> s.path("phase").asText().equals("VERIFYING"));
    ok("promote", "cart", "--reason", "looks good");
    awaitStatus("cart", s -> s.path("phase").asText().equals("PROMOTED"));

    // Kept under target/ to look at in a browser.
    Path html = Path.of("target", "report-e2e", "cart.html");
    Path svg = Path.of("target", "report-e2e", "cart.svg");
    CliRun report = ok("report", "cart", "--html", html.toString(), "--svg", svg.toString());
    assertTrue(report.out().contains("release " + releaseId + " of ") && report.out().contains("(PROMOTED)"), report.toString());
    assertTrue(report.out().contains("wrote " + html.toAbsolutePath()), report.toString());
    assertTrue(report.out().contains("wrote " + svg.toAbsolutePath()), report.toString());

    Document picture = SvgDocs.parse(Files.readString(svg));
    // The candidate's traffic share, at least one verdict with its sequential evidence (the candidate's
    // 5xx interval), and the operator's actions and the outcome as markers, in order.
    assertTrue(SvgDocs.all(picture, "//g[@id='traffic']/rect[@class='share' and @fill='#e8710a']").size() >= 1);
    assertTrue(SvgDocs.all(picture, "//g[@id='verdicts']/path").size() >= 1);
    assertTrue(SvgDocs.all(picture, "//g[@id='errors']//line[@class='interval']").size() >= 1);
    assertEquals(List.of("pause", "resume", "promote", "promoted"),
        SvgDocs.all(picture, "//g[@id='markers']/g/text").stream().map(Element::getTextContent).toList());
    String page = Files.readString(html);
    assertTrue(page.contains("<svg") && page.contains(looked.path("candidateRevision").asText())
        && page.contains("checking &lt;dashboards&gt; &amp; logs"), page);

    // The same release by its id; an unknown id and a report without a file are one clear line each.
    Path byId = dir.resolve("by-id.svg");
    ok("report", "cart", "--release", releaseId, "--svg", byId.toString());
    assertTrue(Files.readString(byId).contains("Release " + releaseId + " of "));
    CliRun unknown = CliRun.run(env, "report", "cart", "--release", "r99-nope", "--svg", byId.toString());
    assertEquals(1, unknown.exitCode(), unknown.toString());
    assertEquals("runshift: no release r99-nope of runshift-local/us-central1/cart; its releases: " + releaseId,
        unknown.errLines()[0]);
    CliRun nowhere = CliRun.run(env, "report", "cart");
    assertEquals(1, nowhere.exitCode(), nowhere.toString());
    assertEquals("runshift: say where to write the report: --html FILE and/or --svg FILE", nowhere.errLines()[0]);
  }

  private static boolean decisionsMention(JsonNode status, String text) {
    for (JsonNode d : status.path("decisions")) {
      if (d.toString().contains(text)) {
        return true;
      }
    }
    return false;
  }

  private static JsonNode awaitStatus(String service, Predicate<JsonNode> condition) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      CliRun r = LocalCli.run(env, "status", service, "--json");
      if (r.exitCode() == 0) {
        last = JSON.readTree(r.out());
        if (condition.test(last)) {
          return last;
        }
      }
      Thread.sleep(250);
    }
    fail("status never matched; last: " + (last == null ? null : last.toPrettyString()));
    return null;
  }

  private static CliRun awaitReleases(String service, Predicate<CliRun> condition) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    CliRun last = null;
    while (System.nanoTime() < deadline) {
      last = LocalCli.run(env, "releases", service);
      if (last.exitCode() == 0 && condition.test(last)) {
        return last;
      }
      Thread.sleep(250);
    }
    fail("releases never matched; last: " + last);
    return null;
  }
}
