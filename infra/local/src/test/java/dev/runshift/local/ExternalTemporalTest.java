package dev.runshift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runshift.ports.ServiceRef;
import dev.runshift.release.ReleaseSearchAttributes;
import dev.runshift.service.CurrentRelease;
import dev.runshift.service.ReleaseSubmission;
import dev.runshift.service.ServiceReleases;
import dev.runshift.simulator.run.CloudRunSim;
import io.temporal.common.SearchAttributes;
import io.temporal.testserver.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code runshift dev --temporal-address}: the local stack on a Temporal server it did not start (here a
 * second test server on its own port, standing in for {@code temporal server start-dev}) registers
 * Runshift's search attributes there, and the releases its entities start carry them and keep them
 * current.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ExternalTemporalTest {
  private static final String V1 = LocalStack.DEMO_REPOSITORY + "@sha256:" + "1".repeat(64);
  private static final String V2 = LocalStack.DEMO_REPOSITORY + "@sha256:" + "2".repeat(64);

  @Test
  void theStackUsesTheExternalServerAndItsReleasesCarryTheSearchAttributes() throws Exception {
    int port = LocalPorts.freePort();
    LocalSettings settings = LocalSettings.demo();
    try (TestServer.PortBoundTestServer external = TestServer.createPortBoundServer(port);
        LocalStack stack = LocalStack.start(
            settings, LocalPorts.any(), LocalStack.demoRoutes(settings), "localhost:" + port)) {
      assertEquals("localhost:" + port, stack.temporalAddress());
      assertTrue(stack.externalTemporal());
      ServiceRef hello = LocalStack.DEMO_SERVICE;
      stack.simulator().cloudRun().createService(hello.project(), hello.region(), hello.service(), V1);
      stack.simulator().cloudRun().setRequestRate(
          CloudRunSim.serviceName(hello.project(), hello.region(), hello.service()),
          settings.simulator().defaultRequestRate());

      ServiceReleases.submit(stack.client(), hello, stack.serviceSettings(),
          ReleaseSubmission.ofImage(V2, "test", null, "tester"));
      CurrentRelease current = await(() -> ServiceReleases.status(stack.client(), hello).current(), "release started");
      Supplier<SearchAttributes> attributes =
          () -> stack.client().newUntypedWorkflowStub(current.workflowId()).describe().getTypedSearchAttributes();
      SearchAttributes started = attributes.get();
      assertEquals(hello.toString(), started.get(ReleaseSearchAttributes.SERVICE));
      assertEquals(V2, started.get(ReleaseSearchAttributes.IMAGE));
      // Upserted by the release as it moves on (its first step is 5%).
      await(() -> {
        Long percent = attributes.get().get(ReleaseSearchAttributes.CANDIDATE_PERCENT);
        return percent != null && percent > 0 ? percent : null;
      }, "candidate percent upserted");
      stack.client().newUntypedWorkflowStub(current.workflowId()).terminate("test done");
    }
  }

  /** Polls (real time: this stack runs on the wall clock) until {@code value} is not null. */
  private static <T> T await(Supplier<T> value, String what) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
    while (Instant.now().isBefore(deadline)) {
      T v = value.get();
      if (v != null) {
        return v;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("timed out waiting for: " + what);
  }
}
