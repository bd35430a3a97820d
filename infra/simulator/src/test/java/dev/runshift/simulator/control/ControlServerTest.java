package dev.runshift.simulator.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.run.v2.GetServiceRequest;
import com.google.cloud.run.v2.ServicesGrpc;
import dev.runshift.simulator.Simulator;
import dev.runshift.simulator.core.ErrorBurst;
import dev.runshift.simulator.core.ImageBehaviour;
import dev.runshift.simulator.core.RequestRate;
import dev.runshift.simulator.core.SimClock;
import dev.runshift.simulator.core.SimConfig;
import dev.runshift.simulator.run.RateChange;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
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
    assertEquals(400, unknownService.status());
    assertEquals("no service " + NAME, unknownService.body().path("error").asText());

    Reply unknownField = send("POST", "/images", "{\"image\":\"x\",\"errorRat\":0.1}");
    assertEquals(400, unknownField.status());
    assertTrue(unknownField.body().path("error").asText().contains("errorRat"), unknownField.body().toString());

    Reply notJson = send("POST", "/images", "{nope");
    assertEquals(400, notJson.status());

    Reply unknownRoute = send("GET", "/nothing", null);
    assertEquals(404, unknownRoute.status());
  }

  @Test
  void hostileInputIsA400WithTheReasonNeverA500() throws Exception {
    String huge = "a".repeat(10_000);
    assertRefused("/services", "{\"project\":\"demo\",\"region\":\"us-central1\",\"service\":\"" + huge
        + "\",\"image\":\"" + IMAGE + "\"}", "at most 49");
    assertRefused("/services", "{\"project\":\"demo\",\"region\":\"us-central1\",\"service\":\"Bad Name\","
        + "\"image\":\"" + IMAGE + "\"}", "lowercase");
    assertRefused("/services/request-rate", "{\"name\":\"projects/demo/locations/us-central1/services/" + huge
        + "\",\"rps\":1}", "no service");
    assertRefused("/images", "{\"image\":\"" + IMAGE + "\",\"p50Ms\":-5}", "p50Ms must be a finite number > 0");
    assertRefused("/images", "{\"image\":\"" + IMAGE + "\",\"p99Ms\":-1}", "p99Ms must be finite");
    assertRefused("/faults", "{\"method\":\"*\",\"latencyMs\":-100}", "latencyMs must be >= 0");
  }

  /** A 400 whose reason says {@code reason} and is short, whatever the input's size. */
  private void assertRefused(String path, String body, String reason) throws Exception {
    Reply r = send("POST", path, body);
    String error = r.body().path("error").asText();
    String shown = error.length() > 300 ? error.substring(0, 300) + "..." : error;
    assertEquals(400, r.status(), path + ": " + shown);
    assertTrue(error.contains(reason), path + ": " + shown);
    assertTrue(error.length() <= 500, "the reason is cut, not the input echoed: " + error.length());
  }

  private void assertBadRequest(String path, String body, String reason) throws Exception {
    Reply r = send("POST", path, body);
    assertEquals(400, r.status(), path + " " + body + ": " + r.body());
    assertTrue(r.body().path("error").asText().contains(reason), path + " " + body + ": " + r.body());
  }

  @Test
  void ratesAreConstantDailyOrSteppedAndBadOnesAre400s() throws Exception {
    sim.cloudRun().createService("demo", "us-central1", "hello", IMAGE);
    Reply daily = send("POST", "/services/request-rate",
        "{\"project\":\"demo\",\"region\":\"us-central1\",\"service\":\"hello\",\"rps\":100,"
            + "\"amplitude\":0.5,\"peakHourUtc\":14}");
    assertEquals(200, daily.status(), daily.body().toString());
    assertEquals("daily", daily.body().path("rate").path("type").asText());
    var rates = sim.cloudRun().rateHistory(NAME);
    assertEquals(RequestRate.daily(100, 0.5, 14), rates.get(rates.size() - 1).rate());

    Reply step = send("POST", "/services/request-rate", "{\"name\":\"" + NAME + "\",\"rps\":7,\"from\":\"+10m\"}");
    assertEquals(200, step.status(), step.body().toString());
    Instant from = Instant.parse(step.body().path("from").asText());
    rates = sim.cloudRun().rateHistory(NAME);
    assertEquals(new RateChange(from, 7), rates.get(rates.size() - 1));
    assertTrue(from.isAfter(Instant.now().plusSeconds(500)), "+10m from the simulator's now: " + from);
    Reply iso = send("POST", "/services/request-rate", "{\"name\":\"" + NAME + "\",\"rps\":9,\"from\":\"2100-01-01T00:00:00Z\"}");
    assertEquals("2100-01-01T00:00:00Z", iso.body().path("from").asText(), iso.body().toString());
    JsonNode described = send("GET", "/services/describe?name=" + NAME, null).body();
    assertEquals(rates.size() + 1, described.path("rateHistory").size(), described.toString());

    String svc = "\"name\":\"" + NAME + "\",";
    assertBadRequest("/services/request-rate", "{" + svc + "\"rps\":-1}", "rps must be a finite number >= 0");
    assertBadRequest("/services/request-rate", "{" + svc + "\"rps\":5,\"amplitude\":1.5,\"peakHourUtc\":3}",
        "amplitude must be in [0, 1]");
    assertBadRequest("/services/request-rate", "{" + svc + "\"rps\":5,\"amplitude\":0.5,\"peakHourUtc\":24}",
        "peakHourUtc must be in [0, 24)");
    assertBadRequest("/services/request-rate", "{" + svc + "\"rps\":5,\"amplitude\":0.5}",
        "needs both amplitude and peakHourUtc");
    assertBadRequest("/services/request-rate", "{" + svc + "\"rps\":5,\"from\":\"2000-01-01T00:00:00Z\"}",
        "cannot start in the past");
    assertBadRequest("/services/request-rate", "{" + svc + "\"rps\":5,\"from\":\"tomorrow\"}", "'tomorrow' is not a time");
    assertBadRequest("/services/request-rate", "{\"name\":\"" + NAME + "x\",\"rps\":5}", "no service " + NAME + "x");
  }

  @Test
  void imageRulesCanBeScopedToAServiceAndBadOnesAre400s() throws Exception {
    sim.cloudRun().createService("demo", "us-central1", "hello", IMAGE);
    Reply scoped = send("POST", "/images", "{\"image\":\"" + IMAGE + "\",\"errorRate\":0.5,\"service\":\"hello\","
        + "\"project\":\"demo\",\"region\":\"us-central1\"}");
    assertEquals(200, scoped.status(), scoped.body().toString());
    assertEquals(NAME, scoped.body().path("service").asText());
    assertEquals(0.5, sim.images().of(NAME, IMAGE).errorRate());
    assertEquals(ImageBehaviour.healthy().errorRate(), sim.images().of(IMAGE).errorRate(), "the global rule is untouched");
    Reply full = send("POST", "/images", "{\"pattern\":\".*hello.*\",\"p50Ms\":300,\"service\":\"" + NAME + "\"}");
    assertEquals(200, full.status(), full.body().toString());
    assertEquals(300, sim.images().of(NAME, "x/hello:v9").p50Ms());
    assertEquals(1500, sim.images().of(NAME, "x/hello:v9").p99Ms(), "p99 defaults to 5 x p50 when above 200");

    assertBadRequest("/images", "{\"image\":\"x\",\"errorRate\":1.5}", "errorRate must be a fraction in [0, 1]");
    assertBadRequest("/images", "{\"image\":\"x\",\"errorRate\":-0.1}", "errorRate must be a fraction in [0, 1]");
    assertBadRequest("/images", "{\"image\":\"x\",\"p50Ms\":100,\"p99Ms\":50}", "p99Ms must be finite and >= p50Ms");
    assertBadRequest("/images", "{\"image\":\"x\",\"p50Ms\":-3}", "p50Ms must be a finite number > 0");
    assertBadRequest("/images", "{\"image\":\"x\",\"service\":\"nosuch\",\"project\":\"demo\",\"region\":\"us-central1\"}",
        "no service projects/demo/locations/us-central1/services/nosuch");
    assertBadRequest("/images", "{\"image\":\"x\",\"service\":\"hello\"}", "needs project and region");
    assertBadRequest("/images", "{\"image\":\"x\",\"project\":\"demo\"}", "only with service");
    assertBadRequest("/images", "{\"pattern\":\"(\"}", "pattern is not a regular expression");
  }

  @Test
  void errorBurstsAreAddedListedAndBadOnesAre400s() throws Exception {
    sim.cloudRun().createService("demo", "us-central1", "hello", IMAGE);
    Reply burst = send("POST", "/error-bursts",
        "{\"service\":\"" + NAME + "\",\"errorRate\":0.3,\"from\":\"+1m\",\"to\":\"+6m\"}");
    assertEquals(200, burst.status(), burst.body().toString());
    Instant from = Instant.parse(burst.body().path("from").asText());
    Instant to = Instant.parse(burst.body().path("to").asText());
    assertEquals(Duration.ofMinutes(5), Duration.between(from, to));
    assertEquals(java.util.List.of(ErrorBurst.ofService(NAME, from, to, 0.3)), sim.images().errorBursts());
    Reply image = send("POST", "/error-bursts",
        "{\"image\":\"" + IMAGE + "\",\"errorRate\":1,\"from\":\"now\",\"to\":\"2100-01-01T00:00:00Z\"}");
    assertEquals(200, image.status(), image.body().toString());
    assertEquals(2, send("GET", "/error-bursts", null).body().path("bursts").size());
    assertEquals(0.3, sim.images().errorRate(NAME, "other-image", from), "the service burst covers every image");

    assertBadRequest("/error-bursts", "{\"image\":\"x\",\"errorRate\":0.3,\"from\":\"+6m\",\"to\":\"+1m\"}",
        "must be before to");
    assertBadRequest("/error-bursts", "{\"image\":\"x\",\"errorRate\":0.3,\"from\":\"+1m\",\"to\":\"+1m\"}",
        "must be before to");
    assertBadRequest("/error-bursts", "{\"image\":\"x\",\"errorRate\":1.2,\"from\":\"+1m\",\"to\":\"+2m\"}",
        "errorRate must be a fraction in [0, 1]");
    assertBadRequest("/error-bursts", "{\"image\":\"x\",\"errorRate\":-1,\"from\":\"+1m\",\"to\":\"+2m\"}",
        "errorRate must be a fraction in [0, 1]");
    assertBadRequest("/error-bursts", "{\"errorRate\":0.3,\"from\":\"+1m\",\"to\":\"+2m\"}",
        "needs a service, an image, or both");
    assertBadRequest("/error-bursts", "{\"service\":\"" + NAME + "x\",\"errorRate\":0.3,\"from\":\"+1m\",\"to\":\"+2m\"}",
        "no service " + NAME + "x");
    assertBadRequest("/error-bursts", "{\"image\":\"x\",\"errorRate\":0.3,\"to\":\"+2m\"}", "needs from and to");
    assertBadRequest("/error-bursts", "{\"image\":\"x\",\"errorRate\":0.3,\"from\":\"+1x\",\"to\":\"+2m\"}",
        "'+1x' is not a time");
    assertBadRequest("/error-bursts",
        "{\"image\":\"x\",\"errorRate\":0.3,\"from\":\"2000-01-01T00:00:00Z\",\"to\":\"+2m\"}", "cannot start in the past");
    assertBadRequest("/error-bursts", "{\"image\":\"x\",\"errorRate\":0.3,\"from\":\"+1m\",\"to\":\"+2m\",\"rate\":1}",
        "rate");
    assertEquals(2, sim.images().errorBursts().size(), "nothing was added by the bad requests");
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
