package dev.runshift.activities.run;

import static dev.runshift.activities.SimulatorFixture.image;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.cloud.run.v2.Container;
import com.google.cloud.run.v2.CreateServiceRequest;
import com.google.cloud.run.v2.RevisionTemplate;
import com.google.cloud.run.v2.Service;
import dev.runshift.activities.SimulatorFixture;
import dev.runshift.ports.CloudRun;
import dev.runshift.ports.ServiceRef;
import dev.runshift.ports.ServiceSnapshot;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link CloudRunActivities#listServices} against the simulator through the official Cloud Run v2 client. */
class ListServicesTest {
  private SimulatorFixture f;
  private TestActivityEnvironment env;
  private CloudRun run;

  @BeforeEach
  void start() {
    f = SimulatorFixture.fast();
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new CloudRunActivities(f.clients));
    run = env.newActivityStub(CloudRun.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());
  }

  @AfterEach
  void stop() {
    env.close();
    f.close();
  }

  @Test
  void listsEveryServiceOfOneLocationWithLabelsAndServingImage() throws Exception {
    IntStream.range(0, 120).forEach(i ->
        f.sim.cloudRun().createService("shop-prod", "europe-west1", String.format("svc-%03d", i), image("v" + i)));
    f.sim.cloudRun().createService("shop-prod", "us-central1", "elsewhere", image("x"));
    f.sim.cloudRun().createService("other-project", "europe-west1", "theirs", image("y"));
    Service labelled = Service.newBuilder()
        .putLabels("team", "payments")
        .setTemplate(RevisionTemplate.newBuilder().addContainers(Container.newBuilder().setImage(image("labelled"))))
        .build();
    f.clients.services().createServiceAsync(CreateServiceRequest.newBuilder()
        .setParent("projects/shop-prod/locations/europe-west1")
        .setServiceId("labelled")
        .setService(labelled)
        .build()).get();

    List<ServiceSnapshot> listed = run.listServices("shop-prod", "europe-west1");

    assertEquals(121, listed.size());
    Map<String, ServiceSnapshot> byName = listed.stream()
        .collect(java.util.stream.Collectors.toMap(s -> s.service().service(), s -> s));
    assertEquals(new ServiceRef("shop-prod", "europe-west1", "svc-007"), byName.get("svc-007").service());
    assertEquals(image("v7"), byName.get("svc-007").servingImage());
    assertEquals(Map.of("team", "payments"), byName.get("labelled").labels());
    assertEquals(image("labelled"), byName.get("labelled").servingImage());
    // Each listed service reads the same as describe.
    ServiceSnapshot described = run.describe(new ServiceRef("shop-prod", "europe-west1", "svc-042"));
    assertEquals(described, byName.get("svc-042"));
    assertEquals(List.of(), run.listServices("shop-prod", "asia-east1"));
  }
}
