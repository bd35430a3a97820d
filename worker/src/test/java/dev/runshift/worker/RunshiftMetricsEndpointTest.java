package dev.runshift.worker;

import static dev.runshift.testing.Releases.SERVICE;
import static dev.runshift.testing.Releases.SERVING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runshift.health.Health;
import dev.runshift.metrics.RunshiftMetrics;
import dev.runshift.policy.RolloutPolicy;
import dev.runshift.release.Phase;
import dev.runshift.release.ReleaseOutcome;
import dev.runshift.release.ReleaseWorkflow;
import dev.runshift.testing.FakeMetricsSource.Signals;
import dev.runshift.policy.PolicyBuilder;
import dev.runshift.testing.ReleaseTestEnvironment;
import dev.runshift.testing.Releases;
import io.temporal.client.WorkflowStub;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runshift's release metrics reach the worker's Prometheus endpoint next to Temporal's SDK metrics: a
 * promoted and a rolled-back release on the test environment, its metrics scope reporting into {@link
 * WorkerMetrics}, then {@code GET /metrics}.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RunshiftMetricsEndpointTest {

  @Test
  void releaseCountersAppearOnTheMetricsEndpoint() throws Exception {
    try (WorkerMetrics metrics = new WorkerMetrics(Duration.ofMillis(100));
        MetricsEndpoint endpoint = MetricsEndpoint.start(0, metrics);
        ReleaseTestEnvironment t = ReleaseTestEnvironment.start(
            ReleaseTestEnvironment.options().setMetricsScope(metrics.temporalScope()).build())) {
      t.cloudRun.givenService(SERVICE, SERVING, "checkout-00042-def");
      t.metrics.requestsPerSecond(100);
      RolloutPolicy policy = PolicyBuilder.threshold().build();
      assertEquals(Phase.PROMOTED, run(t, "r-good", policy).phase());
      t.metrics.candidate((percent, start, end) -> Signals.errors(0.2));
      assertEquals(Phase.ROLLED_BACK, run(t, "r-bad", policy).phase());

      List<String> expected = List.of(
          RunshiftMetrics.RELEASES_STARTED + "_total{",
          RunshiftMetrics.RELEASES_FINISHED + "_total{",
          "outcome=\"promoted\"",
          "outcome=\"rolled_back\"",
          RunshiftMetrics.ROLLBACKS + "_total{",
          RunshiftMetrics.VERDICTS + "_total{",
          "health=\"" + Health.HEALTHY.name().toLowerCase() + "\"",
          "health=\"" + Health.UNHEALTHY.name().toLowerCase() + "\"",
          RunshiftMetrics.STEP_TIME + "_seconds_count{",
          "step=\"verifying\"",
          "temporal_workflow_completed_total{");
      String body = scrapeUntil(endpoint, expected, Duration.ofMinutes(1));
      assertTrue(line(body, RunshiftMetrics.RELEASES_STARTED + "_total{").endsWith(" 2.0"),
          line(body, RunshiftMetrics.RELEASES_STARTED + "_total{"));
      assertTrue(line(body, RunshiftMetrics.ROLLBACKS + "_total{").endsWith(" 1.0"),
          line(body, RunshiftMetrics.ROLLBACKS + "_total{"));
      assertTrue(line(body, RunshiftMetrics.RELEASES_STARTED + "_total{").contains("workflow_type=\"ReleaseWorkflow\""),
          "tagged like Temporal's own metrics");
    }
  }

  private static ReleaseOutcome run(ReleaseTestEnvironment t, String releaseId, RolloutPolicy policy) {
    ReleaseWorkflow release = t.startRelease(Releases.ofImage(releaseId, policy));
    return WorkflowStub.fromTyped(release).getResult(ReleaseOutcome.class);
  }

  /** Scrapes until every expected text is present (the scope reports every 100 ms) or {@code patience} ends. */
  private static String scrapeUntil(MetricsEndpoint endpoint, List<String> expected, Duration patience)
      throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest get = HttpRequest.newBuilder(URI.create("http://localhost:" + endpoint.port() + "/metrics")).build();
    Instant deadline = Instant.now().plus(patience);
    String body;
    List<String> missing;
    do {
      body = http.send(get, HttpResponse.BodyHandlers.ofString()).body();
      String scraped = body;
      missing = expected.stream().filter(e -> !scraped.contains(e)).toList();
      if (missing.isEmpty()) {
        return body;
      }
      Thread.sleep(100);
    } while (Instant.now().isBefore(deadline));
    throw new AssertionError("missing on /metrics: " + missing + "\n" + body);
  }

  private static String line(String body, String prefix) {
    return body.lines().filter(l -> l.startsWith(prefix)).findFirst().orElse("(none)");
  }
}
