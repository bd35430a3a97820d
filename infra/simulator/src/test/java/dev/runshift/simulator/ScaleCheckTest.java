package dev.runshift.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.run.v2.Container;
import com.google.cloud.run.v2.CreateServiceRequest;
import com.google.cloud.run.v2.ListRevisionsRequest;
import com.google.cloud.run.v2.ListServicesRequest;
import com.google.cloud.run.v2.RevisionTemplate;
import com.google.cloud.run.v2.RevisionsGrpc;
import com.google.cloud.run.v2.Service;
import com.google.cloud.run.v2.ServicesGrpc;
import com.google.cloud.run.v2.UpdateServiceRequest;
import com.google.monitoring.v3.ListTimeSeriesRequest;
import com.google.monitoring.v3.MetricServiceGrpc;
import com.google.monitoring.v3.TimeInterval;
import dev.runshift.simulator.core.SimConfig;
import dev.runshift.simulator.core.Timestamps;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Holds 1,000 services x 5 revisions, all made through the gRPC API, and checks they are all there.
 * Prints (does not assert) the start time and the heap they take, for the record.
 */
class ScaleCheckTest {
  private static final int SERVICES = 1_000;
  private static final int REVISIONS = 5;

  @Test
  void holdsAThousandServicesWithFiveRevisionsEach() {
    ManualClock clock = ManualClock.atEpochMinute();
    long heapBefore = usedHeap();
    long t0 = System.nanoTime();
    Simulator sim = Simulator.start(SimConfig.defaults().withRevisionReadyDelay(Duration.ZERO), clock.simClock());
    long startMillis = (System.nanoTime() - t0) / 1_000_000;
    ManagedChannel channel = ManagedChannelBuilder.forTarget(sim.endpoint()).usePlaintext().build();
    try {
      ServicesGrpc.ServicesBlockingStub services = ServicesGrpc.newBlockingStub(channel);
      String parent = "projects/scale/locations/us-central1";
      long heapEmpty = usedHeap();
      long t1 = System.nanoTime();
      for (int i = 0; i < SERVICES; i++) {
        String id = String.format("svc-%04d", i);
        services.createService(CreateServiceRequest.newBuilder()
            .setParent(parent)
            .setServiceId(id)
            .setService(Service.newBuilder().setTemplate(template("img:v1")))
            .build());
        for (int v = 2; v <= REVISIONS; v++) {
          clock.advance(Duration.ofSeconds(1));
          // a whole-service update: empty traffic means 100% to the latest ready revision
          services.updateService(UpdateServiceRequest.newBuilder()
              .setService(Service.newBuilder().setName(parent + "/services/" + id).setTemplate(template("img:v" + v)))
              .build());
        }
      }
      long fillMillis = (System.nanoTime() - t1) / 1_000_000;
      long heapFull = usedHeap();

      assertEquals(SERVICES, services.listServices(ListServicesRequest.newBuilder().setParent(parent).build())
          .getServicesCount());
      int revisions = RevisionsGrpc.newBlockingStub(channel).listRevisions(ListRevisionsRequest.newBuilder()
          .setParent(parent + "/services/-").build()).getRevisionsCount();
      assertEquals(SERVICES * REVISIONS, revisions);
      assertTrue(sim.cloudRun().trafficHistory(parent + "/services/svc-0999").size() == REVISIONS);

      clock.advance(Duration.ofMinutes(10));
      long t2 = System.nanoTime();
      int series = MetricServiceGrpc.newBlockingStub(channel).listTimeSeries(ListTimeSeriesRequest.newBuilder()
          .setName("projects/scale")
          .setFilter("metric.type = \"run.googleapis.com/request_count\"")
          .setInterval(TimeInterval.newBuilder()
              .setStartTime(Timestamps.of(clock.now().minus(Duration.ofMinutes(10))))
              .setEndTime(Timestamps.of(clock.now())))
          .build()).getTimeSeriesCount();
      long queryMillis = (System.nanoTime() - t2) / 1_000_000;
      assertTrue(series >= SERVICES, "every service served in the last 10 minutes: " + series);

      System.out.printf("scale check: Simulator.start %d ms (in a JVM where earlier tests may have loaded the classes); %d services x %d revisions made through gRPC in %d ms;"
              + " heap used: %.1f MB before start, %.1f MB empty simulator, %.1f MB with all services"
              + " (%.1f KB per service); unfiltered 10-minute request_count query over all of them: %d series in %d ms%n",
          startMillis, SERVICES, REVISIONS, fillMillis, heapBefore / 1e6, heapEmpty / 1e6, heapFull / 1e6,
          (heapFull - heapEmpty) / 1e3 / SERVICES, series, queryMillis);
    } finally {
      channel.shutdownNow();
      sim.close();
    }
  }

  private static RevisionTemplate template(String image) {
    return RevisionTemplate.newBuilder().addContainers(Container.newBuilder().setImage(image)).build();
  }

  private static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
