package dev.runshift.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.activity.ActivityInterface;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import io.temporal.worker.WorkerFactory;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code GET /healthz}: 200 only while the workers poll and Temporal answers, else 503 saying why. */
class HealthEndpointTest {

  @ActivityInterface
  public interface Ping {
    String ping();
  }

  @Test
  void healthyOnlyWhilePollingAndTemporalAnswers() throws Exception {
    int port = freePort();
    PollingWorkerHealth health = new PollingWorkerHealth(Duration.ofSeconds(5));
    try (WorkerMetrics metrics = new WorkerMetrics();
        MetricsEndpoint endpoint = MetricsEndpoint.start(0, metrics, health)) {
      HttpResponse<String> starting = get(endpoint);
      assertEquals(503, starting.statusCode());
      assertTrue(starting.body().startsWith("unhealthy: starting"), starting.body());

      var server = TestServer.createPortBoundServer(port);
      WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
          WorkflowServiceStubsOptions.newBuilder().setTarget("localhost:" + port).build());
      try {
        WorkerFactory factory = WorkerFactory.newInstance(WorkflowClient.newInstance(stubs));
        factory.newWorker("health-test").registerActivitiesImplementations((Ping) () -> "pong");
        factory.start();
        health.attach(stubs, factory);
        HttpResponse<String> serving = get(endpoint);
        assertEquals(200, serving.statusCode(), serving.body());
        assertEquals("ok: polling; Temporal answers\n", serving.body());

        server.close();
        HttpResponse<String> lost = get(endpoint);
        assertEquals(503, lost.statusCode());
        assertTrue(lost.body().startsWith("unhealthy: Temporal does not answer"), lost.body());

        factory.shutdownNow();
        HttpResponse<String> stopped = get(endpoint);
        assertEquals(503, stopped.statusCode());
        assertTrue(stopped.body().startsWith("unhealthy: shutting down"), stopped.body());
      } finally {
        stubs.shutdownNow();
        server.close();
      }
    }
  }

  private static HttpResponse<String> get(MetricsEndpoint endpoint) throws Exception {
    return HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + endpoint.port() + "/healthz")).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
