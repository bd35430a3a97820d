package dev.runshift.service;

import static dev.runshift.testing.Releases.SERVICE;
import static dev.runshift.testing.Releases.SERVING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.runshift.ports.FailureTypes;
import dev.runshift.release.Phase;
import dev.runshift.release.ReleaseStatus;
import dev.runshift.release.ReleaseWorkflow;
import dev.runshift.testing.FakeCloudRun;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.SignalWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The exact signals the README tells an operator to send from the Temporal UI ("Send a Signal" on the
 * service entity, input as JSON): sent here as the UI sends them, a raw {@code json/plain} payload of the
 * typed JSON text, so a wrong name or a JSON shape the default data converter cannot read fails here.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class OperatorConsolePayloadsTest {
  private final EntityHarness harness = new EntityHarness(false);
  private final WorkflowClient client = harness.client;
  private final EntityWaits waits = harness.waits;
  private final FakeCloudRun cloudRun = harness.cloudRun;

  @AfterEach
  void tearDown() {
    harness.close();
  }

  @Test
  void pauseResumeAbortAndRetryAsTheUiSendsThem() {
    ServiceReleases.submit(
        client, SERVICE, ServiceWithReleaseWorkflowTest.settings(), ServiceWithReleaseWorkflowTest.request('a', "k-a"));
    waits.awaitWithoutTime(() -> cloudRun.appliedMaps(SERVICE).size() == 1, "release at its first step");
    ReleaseWorkflow release =
        client.newWorkflowStub(ReleaseWorkflow.class, ServiceReleases.status(client, SERVICE).current().workflowId());

    uiSignal("pause", "\"looking at logs\"");
    waits.awaitWithoutTime(() -> release.status().phase() == Phase.PAUSED, "paused from the UI");
    assertTrue(decided(release.status(), "pause"), release.status().decisions().toString());

    uiSignal("resume", "\"logs are fine\"");
    waits.awaitWithoutTime(() -> release.status().phase() == Phase.VERIFYING, "resumed from the UI");

    cloudRun.failRollbacksWith(FailureTypes.PERMISSION_DENIED);
    uiSignal("abort", "\"bad build\"");
    waits.awaitWithoutTime(() -> release.status().phase() == Phase.AWAITING_OPERATOR, "rollback refused");
    assertEquals("rollback", release.status().failure().step());

    cloudRun.failRollbacksWith(null);
    uiSignal("retry", "\"permission granted\"");
    waits.awaitReleasesHandled(1);
    ReleaseRecord record = ServiceReleases.status(client, SERVICE).history().get(0);
    assertEquals(Phase.ABORTED, record.phase(), record.toString());
    assertTrue(record.reason().contains("bad build"), record.reason());
    List<dev.runshift.traffic.TrafficMap> maps = cloudRun.appliedMaps(SERVICE);
    assertEquals(SERVING, maps.get(maps.size() - 1), "the abort restored what served before: " + maps);
  }

  private static boolean decided(ReleaseStatus status, String what) {
    return status.decisions().stream().anyMatch(d -> d.what().startsWith(what));
  }

  /** What the Temporal UI sends: the signal name and the typed text as one {@code json/plain} payload. */
  private void uiSignal(String name, String json) {
    Payload payload = Payload.newBuilder()
        .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
        .setData(ByteString.copyFromUtf8(json))
        .build();
    client.getWorkflowServiceStubs().blockingStub().signalWorkflowExecution(
        SignalWorkflowExecutionRequest.newBuilder()
            .setNamespace(client.getOptions().getNamespace())
            .setWorkflowExecution(WorkflowExecution.newBuilder().setWorkflowId(ServiceIds.entityId(SERVICE)))
            .setSignalName(name)
            .setInput(Payloads.newBuilder().addPayloads(payload))
            .setIdentity("temporal-ui")
            .build());
  }
}
