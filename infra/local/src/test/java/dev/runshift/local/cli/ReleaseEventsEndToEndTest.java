package dev.runshift.local.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.runshift.activities.notify.WebhookSink;
import dev.runshift.cli.CliRun;
import dev.runshift.config.RoutingConfig;
import dev.runshift.config.RoutingConfigs;
import dev.runshift.local.LocalPorts;
import dev.runshift.local.LocalSettings;
import dev.runshift.local.LocalStack;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Release events through the real worker wiring: {@code runshift dev} with a routing config whose route
 * names a webhook notifier, a release started with {@code runshift deploy}, the notify role posting
 * signed CloudEvents to a local receiver.
 */
class ReleaseEventsEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REPO = "us-docker.pkg.dev/runshift-local/apps/events";
  private static final String V1 = REPO + "@sha256:" + "c".repeat(64);
  private static final String V2 = REPO + "@sha256:" + "d".repeat(64);
  private static final String SECRET = "e2e-secret";

  /** One POST as received: its signature header and body. */
  private record Post(String signature, byte[] body) {}

  @Test
  void aReleasesEventsReachTheRoutesWebhookSigned(@TempDir Path dir) throws Exception {
    List<Post> posts = new ArrayList<>();
    HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext("/hook", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      synchronized (posts) {
        posts.add(new Post(exchange.getRequestHeaders().getFirst(WebhookSink.SIGNATURE), body));
      }
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    receiver.start();
    RoutingConfig routing = RoutingConfigs.parse("events.yaml", """
        notifiers:
          hook: { type: webhook, url: "http://127.0.0.1:%d/hook", secretEnv: HOOK_SECRET }
        routes:
          - image: %s
            notify: [hook]
            services:
              - { project: runshift-local, region: us-central1, service: events }
        """.formatted(receiver.getAddress().getPort(), REPO), null, Map.of("HOOK_SECRET", SECRET));

    try (LocalStack stack = LocalStack.start(LocalSettings.demo(), LocalPorts.any(), routing)) {
      Map<String, String> env = Map.of("TEMPORAL_ADDRESS", stack.temporalAddress(), "RUNSHIFT_SIM", stack.controlUrl(),
          "RUNSHIFT_PROJECT", LocalStack.PROJECT, "USER", "tester");
      run(env, "sim", "create-service", "events", "--image", V1);
      run(env, "sim", "rate", "events", "400");
      run(env, "sim", "image", V2, "--error-rate", "0");
      Path policy = dir.resolve("policy.yaml");
      Files.writeString(policy, "steps: [100]\nanalysisInterval: 2s\nmaxWaitForTraffic: 5m\nminRequests: 10\nverdict: { analysis: threshold }\n");
      run(env, "deploy", "--service", "events", "--image", V2, "--policy", policy.toString());

      JsonNode status = awaitFinal(env);
      assertEquals("PROMOTED", status.path("phase").asText(), status.toPrettyString());
      Set<String> sent = StreamSupport.stream(status.path("events").spliterator(), false)
          .filter(e -> !e.path("type").asText().equals("verdict") || e.path("decisive").asBoolean())
          .filter(e -> !e.path("type").asText().equals("notification-lost"))
          .map(e -> e.path("id").asText())
          .collect(Collectors.toCollection(TreeSet::new));
      assertTrue(StreamSupport.stream(status.path("events").spliterator(), false)
          .noneMatch(e -> e.path("type").asText().equals("notification-lost")), status.path("events").toPrettyString());

      // The release waited for its last sends before it ended: everything is here already.
      List<Post> got;
      synchronized (posts) {
        got = List.copyOf(posts);
      }
      Set<String> received = new TreeSet<>();
      for (Post post : got) {
        assertEquals("sha256=" + WebhookSink.hmacSha256Hex(SECRET, post.body()), post.signature());
        JsonNode event = JSON.readTree(post.body());
        assertEquals("//runshift.dev/projects/runshift-local/locations/us-central1/services/events",
            event.path("source").asText());
        assertEquals(V2, event.path("data").path("image").asText());
        received.add(event.path("id").asText());
      }
      assertEquals(sent, received);
      assertTrue(got.stream().anyMatch(p -> new String(p.body()).contains("\"type\":\"dev.runshift.release.promoted\"")));
    } finally {
      receiver.stop(0);
    }
  }

  private static void run(Map<String, String> env, String... args) {
    CliRun r = LocalCli.run(env, args);
    assertEquals(0, r.exitCode(), () -> String.join(" ", args) + "\n" + r);
  }

  private static JsonNode awaitFinal(Map<String, String> env) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      CliRun r = LocalCli.run(env, "status", "events", "--json");
      if (r.exitCode() == 0) {
        last = JSON.readTree(r.out());
        String phase = last.path("phase").asText();
        if (phase.equals("PROMOTED") || phase.equals("ROLLED_BACK") || phase.equals("ABORTED")) {
          // The phase is final before the release's last sends are waited for: wait for the release to end.
          if (releaseEnded(env)) {
            return JSON.readTree(LocalCli.run(env, "status", "events", "--json").out());
          }
        }
      }
      Thread.sleep(250);
    }
    fail("the release never ended; last: " + (last == null ? null : last.toPrettyString()));
    return null;
  }

  private static boolean releaseEnded(Map<String, String> env) throws Exception {
    CliRun r = LocalCli.run(env, "releases", "events", "--json");
    return r.exitCode() == 0 && JSON.readTree(r.out()).path("releases").path(0).path("outcome").isTextual();
  }
}
