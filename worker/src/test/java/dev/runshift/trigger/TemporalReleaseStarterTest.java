package dev.runshift.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runshift.config.ServiceTarget;
import dev.runshift.ports.ServiceRef;
import dev.runshift.service.ServiceIds;
import io.temporal.api.enums.v1.EventType;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two identical notifications delivered at the same moment race to start the service's entity; the
 * loser must count as accepted (no nack, no redelivery) and its release request must still reach the
 * entity. Temporal's test server checks for a running entity and starts one without a lock between, so
 * the race is real there; no worker runs, so the entities only collect the signals.
 */
class TemporalReleaseStarterTest {
  static final int SERVICES = 20;

  private TestWorkflowEnvironment env;
  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  @BeforeEach
  void setUp() {
    env = TestWorkflowEnvironment.newInstance();
    env.start();
  }

  @AfterEach
  void tearDown() {
    pool.shutdownNow();
    env.close();
  }

  @Test
  void twoIdenticalNotificationsAtTheSameMomentAreBothAccepted() throws Exception {
    TemporalReleaseStarter starter = new TemporalReleaseStarter(env.getWorkflowClient());
    for (int i = 0; i < SERVICES; i++) {
      ServiceRef service = new ServiceRef("acme-prod", "europe-west1", "checkout-" + i);
      RoutedRelease release = new RoutedRelease(new ServiceTarget(service, null, null, null),
          Notifications.REPO + "@" + Notifications.digest('a'), "cloud-build:b-1", "cloud-build:b-1:x");
      CyclicBarrier together = new CyclicBarrier(2);
      List<Future<?>> deliveries = new ArrayList<>();
      for (int d = 0; d < 2; d++) {
        deliveries.add(pool.submit(() -> {
          together.await(30, TimeUnit.SECONDS);
          starter.start(release);
          return null;
        }));
      }
      for (Future<?> delivery : deliveries) {
        delivery.get(60, TimeUnit.SECONDS); // throws if a delivery was not accepted
      }
      long signals = env.getWorkflowClient().fetchHistory(ServiceIds.entityId(service)).getEvents().stream()
          .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)
          .count();
      assertEquals(2, signals, "both deliveries reached " + service);
    }
  }
}
