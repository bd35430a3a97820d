package dev.runshift.simulator.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.gax.rpc.PermissionDeniedException;
import com.google.api.gax.rpc.ResourceExhaustedException;
import com.google.api.gax.rpc.UnavailableException;
import com.google.cloud.run.v2.Service;
import com.google.cloud.run.v2.UpdateServiceRequest;
import dev.runshift.simulator.GoogleClients;
import dev.runshift.simulator.ManualClock;
import dev.runshift.simulator.Simulator;
import dev.runshift.simulator.run.CloudRunSim;
import io.grpc.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Injected faults, the write quota and the call log, seen through the official Cloud Run client. */
class FaultsAndCallLogTest {
  private static final String NAME = CloudRunSim.serviceName("demo", "us-central1", "hello");
  private static final String GET = "google.cloud.run.v2.Services/GetService";
  private static final String UPDATE = "google.cloud.run.v2.Services/UpdateService";

  private ManualClock clock;
  private Simulator sim;
  private GoogleClients clients;

  @BeforeEach
  void start() {
    clock = ManualClock.atEpochMinute();
    sim = Simulator.start(SimConfig.defaults(), clock.simClock());
    clients = new GoogleClients(sim.endpoint());
    sim.cloudRun().createService("demo", "us-central1", "hello", "img:v1");
  }

  @AfterEach
  void stop() {
    clients.close();
    sim.close();
  }

  private Service relabel(String value) throws Exception {
    Service current = clients.services.getService(NAME);
    return clients.services.updateServiceAsync(UpdateServiceRequest.newBuilder()
            .setService(current.toBuilder().putLabels("v", value))
            .build())
        .get(10, TimeUnit.SECONDS);
  }

  @Test
  void nextNUnavailableThenSuccessAndEverythingIsLogged() {
    sim.faults().failNext("GetService", 2, Status.Code.UNAVAILABLE, "backend unavailable");
    Service s = clients.services.getService(NAME); // the client retries UNAVAILABLE
    assertEquals(NAME, s.getName());
    List<ApiCall> gets = sim.calls().calls().stream().filter(c -> c.method().equals(GET)).toList();
    assertEquals(List.of("UNAVAILABLE", "UNAVAILABLE", "OK"), gets.stream().map(ApiCall::status).toList());
    gets.forEach(c -> assertEquals(NAME, c.resource()));
    gets.forEach(c -> assertEquals(clock.now(), c.at()));
    assertFalse(gets.get(0).isWrite());
    // the fault is used up
    clients.services.getService(NAME);
    assertEquals(4, sim.calls().count(c -> c.method().equals(GET)));
  }

  @Test
  void permissionDeniedReachesTheCallerAndTheHandlerDoesNotRun() throws Exception {
    sim.faults().failNext(UPDATE, 1, Status.Code.PERMISSION_DENIED,
        "Permission 'run.services.update' denied on resource '" + NAME + "'.");
    ExecutionException e = assertThrows(ExecutionException.class, () -> relabel("x"));
    assertInstanceOf(PermissionDeniedException.class, e.getCause());
    assertTrue(e.getCause().getMessage().contains("run.services.update"));
    assertEquals(1, clients.services.getService(NAME).getGeneration(), "the update was not applied");
    ApiCall denied = sim.calls().calls().stream().filter(c -> c.method().equals(UPDATE)).findFirst().orElseThrow();
    assertEquals("PERMISSION_DENIED", denied.status());
    assertEquals(NAME, denied.resource(), "the resource comes from service.name");
    assertTrue(denied.isWrite());
    assertEquals(2, relabel("y").getGeneration());
  }

  @Test
  void writeQuotaPerRegionPerMinuteOfSimulatorTime() throws Exception {
    sim.cloudRun().setWriteQuota("us-central1", 2);
    relabel("1");
    clock.advance(Duration.ofSeconds(30));
    relabel("2");
    ExecutionException e = assertThrows(ExecutionException.class, () -> relabel("3"));
    assertInstanceOf(ResourceExhaustedException.class, e.getCause());
    assertTrue(e.getCause().getMessage().contains("Quota exceeded for quota metric 'Write requests'"),
        e.getCause().getMessage());
    clients.services.getService(NAME); // reads are not writes
    sim.cloudRun().createService("demo", "europe-west1", "other", "img:v1");
    clients.services.updateServiceAsync(UpdateServiceRequest.newBuilder()
        .setService(clients.services.getService(CloudRunSim.serviceName("demo", "europe-west1", "other")).toBuilder()
            .putLabels("v", "1")).build()).get(10, TimeUnit.SECONDS); // another region has its own quota
    clock.advance(Duration.ofSeconds(31)); // the first write leaves the 60 s window
    assertEquals("4", relabel("4").getLabelsOrThrow("v"));
  }

  @Test
  void addedLatencyDelaysTheCall() {
    sim.faults().addLatency("GetService", Duration.ofMillis(300));
    long t0 = System.nanoTime();
    clients.services.getService(NAME);
    assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(300));
  }

  @Test
  void rateFaultsAreSeededAndMatchMethodsByPattern() {
    Faults a = new Faults(7);
    Faults b = new Faults(7);
    a.failAtRate("google.cloud.run.v2.Services/*", 0.3, Status.Code.UNAVAILABLE, "flaky");
    b.failAtRate("google.cloud.run.v2.Services/*", 0.3, Status.Code.UNAVAILABLE, "flaky");
    int failures = 0;
    for (int i = 0; i < 2000; i++) {
      boolean fa = a.admit(GET, NAME, Instant.EPOCH).isPresent();
      assertEquals(fa, b.admit(GET, NAME, Instant.EPOCH).isPresent(), "same seed, same sequence");
      failures += fa ? 1 : 0;
    }
    assertTrue(failures > 480 && failures < 720, "about 30% of 2000: " + failures);
    assertTrue(a.admit("google.pubsub.v1.Publisher/Publish", "", Instant.EPOCH).isEmpty());
    assertTrue(Faults.matches("UpdateService", UPDATE));
    assertTrue(Faults.matches("*", UPDATE));
    assertFalse(Faults.matches("Update", UPDATE));
  }

  @Test
  void handlerErrorsAreRecordedWithTheirStatus() {
    String missing = CloudRunSim.serviceName("demo", "us-central1", "nope");
    assertThrows(com.google.api.gax.rpc.NotFoundException.class, () -> clients.services.getService(missing));
    ApiCall call = sim.calls().calls().get(sim.calls().calls().size() - 1);
    assertEquals(new ApiCall(GET, missing, clock.now(), "NOT_FOUND"), call);
    sim.faults().failNext("GetService", 5, Status.Code.UNAVAILABLE, "down");
    assertThrows(UnavailableException.class, () -> clients.services.getService(NAME));
  }
}
