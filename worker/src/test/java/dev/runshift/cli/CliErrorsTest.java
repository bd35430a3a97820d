package dev.runshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Errors a user can cause: one line on stderr, a non-zero exit, no stack trace unless --verbose. */
class CliErrorsTest {
  private static final String IMAGE =
      "us-docker.pkg.dev/p/r/app@sha256:" + "a".repeat(64);

  @Test
  void unreachableTemporalIsOneLine() throws IOException {
    int port = freePort();
    Map<String, String> env = Map.of("TEMPORAL_ADDRESS", "localhost:" + port, "RUNSHIFT_PROJECT", "p");
    CliRun r = CliRun.run(env, "status", "checkout");
    assertEquals(1, r.exitCode(), r.toString());
    assertEquals(1, r.errLines().length, r.toString());
    assertTrue(r.err().startsWith("runshift: Temporal is unreachable at localhost:" + port), r.toString());
  }

  @Test
  void verboseAddsTheStackTrace() throws IOException {
    int port = freePort();
    Map<String, String> env = Map.of("TEMPORAL_ADDRESS", "localhost:" + port, "RUNSHIFT_PROJECT", "p");
    CliRun r = CliRun.run(env, "status", "checkout", "--verbose");
    assertEquals(1, r.exitCode());
    assertTrue(r.errLines().length > 1, r.toString());
    assertTrue(r.err().contains("\tat "), r.toString());
  }

  @Test
  void unknownServiceIsOneLine() throws IOException {
    int port = freePort();
    try (var server = TestServer.createPortBoundServer(port)) {
      Map<String, String> env = Map.of("TEMPORAL_ADDRESS", "localhost:" + port);
      CliRun r = CliRun.run(env, "status", "nosuch", "--project", "p", "--region", "europe-west1");
      assertEquals(1, r.exitCode(), r.toString());
      assertEquals(1, r.errLines().length, r.toString());
      assertEquals("runshift: unknown service p/europe-west1/nosuch: runshift has no record of it"
          + " (start one with `runshift deploy`)", r.errLines()[0]);

      CliRun pause = CliRun.run(env, "pause", "nosuch", "--project", "p");
      assertEquals(1, pause.exitCode(), pause.toString());
      assertTrue(pause.err().startsWith("runshift: unknown service p/us-central1/nosuch"), pause.toString());
    }
  }

  @Test
  void imageMustBePinnedByDigest() {
    CliRun r = CliRun.run(Map.of(), "deploy", "--service", "s", "--project", "p", "--image", "gcr.io/p/app:latest");
    assertEquals(1, r.exitCode());
    assertEquals(1, r.errLines().length, r.toString());
    assertTrue(r.err().contains("pinned by digest"), r.toString());
  }

  @Test
  void invalidPolicyFileNamesTheFieldBeforeAnythingIsSent(@TempDir Path dir) throws IOException {
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, "steps: [50, 25]\nsoak: 5 minutes\n");
    // Temporal is not even reachable: the policy is checked first.
    CliRun r = CliRun.run(Map.of("TEMPORAL_ADDRESS", "localhost:" + freePort()),
        "deploy", "--service", "s", "--project", "p", "--image", IMAGE, "--policy", policy.toString());
    assertEquals(1, r.exitCode(), r.toString());
    assertEquals(1, r.errLines().length, r.toString());
    assertTrue(r.err().startsWith("runshift: " + policy), r.toString());
    assertTrue(r.err().contains("soak"), r.toString());
  }

  @Test
  void missingProjectIsOneLine() {
    CliRun r = CliRun.run(Map.of(), "status", "checkout");
    assertEquals(1, r.exitCode());
    assertEquals("runshift: no project: pass --project or set RUNSHIFT_PROJECT", r.errLines()[0]);
  }

  @Test
  void usageErrorsAreNotZero() {
    CliRun r = CliRun.run(Map.of(), "deploy", "--service", "s");
    assertNotEquals(0, r.exitCode());
    assertTrue(r.err().contains("--image"), r.toString());
  }

  @Test
  void unknownRoleIsOneLine() {
    CliRun r = CliRun.run(Map.of(), "worker", "--roles", "build,deplyo");
    assertEquals(1, r.exitCode());
    assertEquals(1, r.errLines().length, r.toString());
    assertTrue(r.err().contains("unknown role 'deplyo'"), r.toString());
  }

  @Test
  void workerChecksItsArgumentsBeforeConnecting() {
    CliRun badSubscription = CliRun.run(Map.of(), "worker", "--subscription", "runshift-builds");
    assertEquals(1, badSubscription.exitCode());
    assertEquals("runshift: --subscription must be projects/PROJECT/subscriptions/NAME, was 'runshift-builds'",
        badSubscription.errLines()[0]);

    CliRun noConfig = CliRun.run(Map.of(), "worker", "--subscription", "projects/p/subscriptions/s");
    assertEquals(1, noConfig.exitCode());
    assertTrue(noConfig.err().contains("needs --config"), noConfig.toString());
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
