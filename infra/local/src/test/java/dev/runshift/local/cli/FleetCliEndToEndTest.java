package dev.runshift.local.cli;

import dev.runshift.cli.CliRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runshift.local.LocalPorts;
import dev.runshift.local.LocalSettings;
import dev.runshift.local.LocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runshift fleet …} against the embedded stack (Temporal test server, simulator, real activities,
 * real workers), as a user runs it: wall-clock time, short policies.
 */
class FleetCliEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REPO = "us-docker.pkg.dev/runshift-local/apps/fleet";
  private static final String V1 = REPO + "@sha256:" + "a".repeat(64);
  private static final String V2 = REPO + "@sha256:" + "b".repeat(64);

  private static LocalStack stack;
  private static Map<String, String> env;
  @TempDir static Path dir;
  private static Path policy;

  @BeforeAll
  static void startStack() throws Exception {
    stack = LocalStack.start(LocalSettings.demo(), LocalPorts.any());
    env = Map.of(
        "TEMPORAL_ADDRESS", stack.temporalAddress(),
        "RUNSHIFT_SIM", stack.controlUrl(),
        "RUNSHIFT_PROJECT", LocalStack.PROJECT,
        "USER", "tester");
    for (String s : new String[] {"fleet-a", "fleet-b", "fleet-c"}) {
      ok("sim", "create-service", s, "--image", V1);
      ok("sim", "rate", s, "400");
    }
    policy = dir.resolve("policy.yaml");
    // The fleet commands are under test here, not the verdict: a short single-step policy whose healthy
    // releases promote after the 2 s soak. That is the threshold rule. Under the sequential default a
    // release straight to 100% has no stable traffic and must show the candidate not worse than the
    // baseline; these services were created seconds ago, so the baseline is a few hundred requests whose
    // lower bound is 0%, and the simulator's 0.1% 5xx sits right at the default detectable increase
    // (0.1 point): that evidence never comes, and the release would wait 2 h for an operator.
    Files.writeString(policy,
        "steps: [100]\nsoak: 2s\nanalysisInterval: 1s\nminRequests: 1\nmaxWaitForTraffic: 10m\nverdict: { analysis: threshold }\n");
  }

  @AfterAll
  static void stopStack() {
    stack.close();
  }

  @Test
  void startWaitsAtTheApprovalGateThenCompletesAndStatusShowsIt() throws Exception {
    CliRun start = ok("fleet", "start", "--id", "gated", "--image", V2, "--running-from", REPO,
        "--waves", "1,100%", "--max-in-flight", "2", "--policy", policy.toString(), "--approve-waves");
    assertTrue(start.out().contains("fleet gated started"), start.toString());

    JsonNode gate = awaitFleet("gated", s -> s.path("phase").asText().equals("AWAITING_APPROVAL"));
    assertEquals(3, gate.path("selected").asInt());
    assertEquals(1, gate.path("counts").path("PROMOTED").asInt(), gate.toPrettyString());
    assertEquals(2, gate.path("untouched").asInt());

    ok("fleet", "approve", "gated", "--reason", "canary looks fine");
    JsonNode done = awaitFleet("gated", s -> s.path("phase").asText().equals("COMPLETED"));
    assertEquals(3, done.path("counts").path("PROMOTED").asInt(), done.toPrettyString());
    CliRun text = ok("fleet", "status", "gated");
    assertTrue(text.out().contains("COMPLETED") && text.out().contains("PROMOTED=3"), text.toString());
  }

  @Test
  void aTagIsResolvedOnceThroughArtifactRegistryAndItsDigestIsDeployed() throws Exception {
    String v3 = "sha256:" + "c".repeat(64);
    stack.simulator().registry().tag(REPO + ":v3", v3);
    ok("fleet", "start", "--id", "tagged", "--image", REPO + ":v3", "--running-from", REPO,
        "--waves", "100%", "--max-in-flight", "3", "--policy", policy.toString());
    JsonNode done = awaitFleet("tagged", s -> s.path("phase").asText().equals("COMPLETED"));
    assertEquals(REPO + "@" + v3, done.path("digest").asText(), done.toPrettyString());
    assertEquals(3, done.path("counts").path("PROMOTED").asInt(), done.toPrettyString());

    CliRun unknown = LocalCli.run(env, "fleet", "start", "--id", "untagged", "--image", REPO + ":v404",
        "--running-from", REPO, "--policy", policy.toString());
    JsonNode failed = awaitFleet("untagged", s -> s.path("phase").asText().equals("FAILED")
        || s.path("phase").asText().equals("COMPLETED"));
    assertEquals("FAILED", failed.path("phase").asText(), unknown + "\n" + failed.toPrettyString());
    assertTrue(failed.path("message").asText().contains("v404"), failed.toPrettyString());
  }

  @Test
  void scheduleCreateSaysTheTestServerHasNoSchedulesAndCronWorkflowWorks() {
    CliRun refused = LocalCli.run(env, "fleet", "schedule", "create", "--id", "nightly", "--cron", "0 3 * * *",
        "--image", V2, "--running-from", REPO);
    assertNotEquals(0, refused.exitCode(), refused.toString());
    assertTrue(refused.err().contains("does not implement Schedules") && refused.err().contains("--cron-workflow"),
        refused.toString());

    CliRun cron = ok("fleet", "schedule", "create", "--id", "nightly", "--cron", "0 3 * * *", "--image", V2,
        "--running-from", REPO, "--cron-workflow");
    assertTrue(cron.out().contains("cron workflow fleet-nightly started"), cron.toString());
    ok("fleet", "schedule", "delete", "nightly", "--cron-workflow");
  }

  @Test
  void controlsOnAnUnknownFleetFailWithOneClearLine() {
    CliRun r = LocalCli.run(env, "fleet", "pause", "nope");
    assertNotEquals(0, r.exitCode());
    assertTrue(r.err().contains("no running fleet nope"), r.toString());
    CliRun bad = LocalCli.run(env, "fleet", "start", "--id", "x", "--image", V2, "--waves", "1,abc");
    assertNotEquals(0, bad.exitCode());
    assertTrue(bad.err().contains("abc"), bad.toString());
  }

  private static CliRun ok(String... args) {
    CliRun r = LocalCli.run(env, args);
    assertEquals(0, r.exitCode(), () -> String.join(" ", args) + "\n" + r);
    return r;
  }

  private static JsonNode awaitFleet(String id, Predicate<JsonNode> condition) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      CliRun r = LocalCli.run(env, "fleet", "status", id, "--json");
      if (r.exitCode() == 0) {
        last = JSON.readTree(r.out());
        if (condition.test(last)) {
          return last;
        }
      }
      Thread.sleep(250);
    }
    fail("fleet status never matched; last: " + (last == null ? null : last.toPrettyString()));
    return null;
  }
}
