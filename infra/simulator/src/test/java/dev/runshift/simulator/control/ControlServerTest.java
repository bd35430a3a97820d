package dev.runshift.simulator.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.run.v2.GetServiceRequest;
import com.google.cloud.run.v2.ServicesGrpc;
import dev.runshift.simulator.Simulator;
import dev.runshift.simulator.core.SimClock;
import dev.runshift.simulator.core.SimConfig;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ControlServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NAME = "projects/demo/locations/us-central1/services/hello";
  private static final String IMAGE = "us-docker.pkg.dev/demo/apps/hello@sha256:" + "1".repeat(64);

  private final HttpClient http = HttpClient.newHttpClient();
  private Simulator sim;
  private ControlServer control;

  @BeforeEach
  void start() {
    sim = Simulator.start(
        SimConfig.defaults()
            .withRevisionReadyDelay(Duration.ofMillis(100))
            .withBuildDelays(Duration.ofMillis(200), Duration.ofMillis(200)),
        SimClock.system());
    control = ControlServer.start(sim, 0);
  }

  @AfterEach
  void stop() {
    control.close();
    sim.close();
  }

  record Reply(int status, JsonNode body) {}

  private Reply send(String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(control.url() + path));
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), JSON.readTree(r.body()));
  }

  @Test
  void createsAServiceServingItsImageAtFullTraffic() throws Exception {
    Reply created = send("POST", "/services",
        "{\"project\":\"demo\",\"region\":\"us-central1\",\"service\":\"hello\",\"image\":\"" + IMAGE + "\"}");
    assertEquals(200, created.status(), created.body().toString());
    assertEquals(NAME, created.body().path("name").asText());
    assertEquals(IMAGE, sim.cloudRun().service(NAME).orElseThrow().getTemplate().getContainers(0).getImage());
    assertEquals(100, created.body().path("traffic").get(0).path("percent").asInt());

    Reply again = send("POST", "/services",
        "{\"project\":\"demo\",\"region\":\"us-central1\",\"service\":\"hello\",\"image\":\"" + IMAGE + "\"}");
    assertEquals(409, again.status());

    Reply listed = send("GET", "/services", null);
    assertEquals(1, listed.body().path("services").size());
  }

  @Test
  void setsRequestRateAndImageBehaviour() throws Exception {
    sim.cloudRun().createService("demo", "us-central1", "hello", IMAGE);
    Reply rate = send("POST", "/services/request-rate", "{\"name\":\"" + NAME + "\",\"rps\":250}");
    assertEquals(200, rate.status(), rate.body().toString());
    var rates = sim.cloudRun().rateHistory(NAME);
    assertEquals(250.0, rates.get(rates.size() - 1).requestsPerSecond());

    Reply image = send("POST", "/images", "{\"image\":\"" + IMAGE + "\",\"errorRate\":0.1}");
    assertEquals(200, image.status(), image.body().toString());
    assertEquals(0.1, sim.images().of(IMAGE).errorRate());
  }

  @Test
  void badInputIsA400WithTheReason() throws Exception {
    Reply noRps = send("POST", "/services/request-rate", "{\"name\":\"" + NAME + "\"}");
    assertEquals(400, noRps.status());
    assertEquals("missing rps", noRps.body().path("error").asText());

    Reply unknownService = send("POST", "/services/request-rate", "{\"name\":\"" + NAME + "\",\"rps\":1}");
    assertEquals(404, unknownService.status());

    Reply unknownField = send("POST", "/images", "{\"image\":\"x\",\"errorRat\":0.1}");
    assertEquals(400, unknownField.status());
    assertTrue(unknownField.body().path("error").asText().contains("errorRat"), unknownField.body().toString());

    Reply notJson = send("POST", "/images", "{nope");
    assertEquals(400, notJson.status());

    Reply unknownRoute = send("GET", "/nothing", null);
    assertEquals(404, unknownRoute.status());
  }

  @Test
  void injectedFaultsReachGrpcCallersAndCallsAreListed() throws Exception {
    sim.cloudRun().createService("demo", "us-central1", "hello", IMAGE);
    Reply fault = send("POST", "/faults", "{\"method\":\"GetService\",\"times\":1,\"code\":\"permission_denied\"}");
    assertEquals(200, fault.status(), fault.body().toString());

    ManagedChannel channel = ManagedChannelBuilder.forTarget(sim.endpoint()).usePlaintext().build();
    try {
      var stub = ServicesGrpc.newBlockingStub(channel);
      StatusRuntimeException denied =
          assertThrows(StatusRuntimeException.class, () -> stub.getService(GetServiceRequest.newBuilder().setName(NAME).build()));
      assertEquals(Status.Code.PERMISSION_DENIED, denied.getStatus().getCode());
      assertEquals(NAME, stub.getService(GetServiceRequest.newBuilder().setName(NAME).build()).getName());
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    Reply calls = send("GET", "/calls?method=GetService", null);
    JsonNode list = calls.body().path("calls");
    assertEquals(2, list.size(), calls.body().toString());
    assertEquals("PERMISSION_DENIED", list.get(0).path("status").asText());
    assertEquals("OK", list.get(1).path("status").asText());
    assertEquals(NAME, list.get(1).path("resource").asText());

    assertEquals(200, send("DELETE", "/calls", null).status());
    assertEquals(0, send("GET", "/calls", null).body().path("calls").size());
  }

  @Test
  void startsBuildsThatPublishTheirNotifications() throws Exception {
    String topic = "projects/demo/topics/cloud-builds";
    sim.pubSub().ensureTopic(topic);
    Reply started = send("POST", "/builds", "{\"project\":\"demo\",\"image\":\"us-docker.pkg.dev/demo/apps/hello:v2\"}");
    assertEquals(200, started.status(), started.body().toString());
    String id = started.body().path("id").asText();

    JsonNode build = null;
    for (int i = 0; i < 200; i++) {
      build = send("GET", "/builds?project=demo", null).body().path("builds").get(0);
      if (build.path("status").asText().equals("SUCCESS")) {
        break;
      }
      Thread.sleep(100);
    }
    assertEquals(id, build.path("id").asText());
    assertEquals("SUCCESS", build.path("status").asText(), build.toString());
    assertTrue(build.path("built").get(0).asText().startsWith("us-docker.pkg.dev/demo/apps/hello@sha256:"), build.toString());
    assertTrue(sim.pubSub().published(topic).stream().anyMatch(m -> m.getData().toStringUtf8().contains(id)));

    Reply badOutcome = send("POST", "/builds", "{\"project\":\"demo\",\"image\":\"x:y\",\"outcome\":\"MAYBE\"}");
    assertEquals(400, badOutcome.status());
  }

  @Test
  void outOfBandTrafficChangeIsApplied() throws Exception {
    sim.cloudRun().createService("demo", "us-central1", "hello", IMAGE);
    String first = sim.cloudRun().revisions(NAME).get(0).getName();
    String shortName = first.substring(first.lastIndexOf('/') + 1);
    Reply r = send("POST", "/services/traffic",
        "{\"name\":\"" + NAME + "\",\"traffic\":{\"" + shortName + "\":100}}");
    assertEquals(200, r.status(), r.body().toString());
    assertEquals(shortName, r.body().path("traffic").get(0).path("revision").asText());
  }
}
