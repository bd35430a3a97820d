package dev.runshift.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.envconfig.ClientConfigProfile;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemporalConnectionTest {

  @Test
  void profileComesFromTheEnvironmentVariables() {
    ClientConfigProfile p =
        TemporalConnection.loadProfile(Map.of("TEMPORAL_ADDRESS", "temporal.example:7233", "TEMPORAL_NAMESPACE", "prod"));
    assertEquals("temporal.example:7233", TemporalConnection.addressOf(p));
    assertEquals("prod", p.getNamespace());
    ClientConfigProfile overridden = TemporalConnection.override(p, "localhost:1234", null);
    assertEquals("localhost:1234", TemporalConnection.addressOf(overridden));
    assertEquals("prod", overridden.getNamespace());
  }

  @Test
  void withoutConfigurationItIsTheLocalDefault() {
    ClientConfigProfile p = TemporalConnection.loadProfile(Map.of("TEMPORAL_CONFIG_FILE", "/nonexistent/temporal.toml"));
    assertEquals(TemporalConnection.DEFAULT_ADDRESS, TemporalConnection.addressOf(p));
  }

  @Test
  void unreachableServerIsOneClearError() throws IOException {
    int port = freePort();
    ClientConfigProfile p = ClientConfigProfile.newBuilder().setAddress("localhost:" + port).build();
    TemporalUnreachableException e =
        assertThrows(
            TemporalUnreachableException.class,
            () -> TemporalConnection.connect(p, null, Duration.ofSeconds(2)));
    assertTrue(e.getMessage().startsWith("Temporal is unreachable at localhost:" + port), e.getMessage());
  }

  @Test
  void sdkMetricsAreServedInPrometheusFormat() throws Exception {
    int port = freePort();
    try (var server = TestServer.createPortBoundServer(port);
        var metrics = new WorkerMetrics(Duration.ofMillis(50));
        var endpoint = MetricsEndpoint.start(0, metrics, new PollingWorkerHealth(Duration.ofSeconds(2)))) {
      ClientConfigProfile p = ClientConfigProfile.newBuilder().setAddress("localhost:" + port).build();
      try (var connection = TemporalConnection.connect(p, metrics.temporalScope(), Duration.ofSeconds(10))) {
        assertEquals("default", connection.namespace());
        connection.stubs().blockingStub().getSystemInfo(
            io.temporal.api.workflowservice.v1.GetSystemInfoRequest.getDefaultInstance());
        HttpClient http = HttpClient.newHttpClient();
        String body = "";
        // Metrics are published every 50 ms; a busy machine may take much longer to show the first.
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!body.contains("temporal_request") && System.nanoTime() - deadline < 0) {
          Thread.sleep(50);
          body =
              http.send(
                      HttpRequest.newBuilder(URI.create("http://localhost:" + endpoint.port() + "/metrics")).build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body();
        }
        assertTrue(body.contains("temporal_request"), "no Temporal client metrics in:\n" + body);
        assertTrue(body.contains("jvm_memory_used_bytes"), "no JVM metrics");
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
