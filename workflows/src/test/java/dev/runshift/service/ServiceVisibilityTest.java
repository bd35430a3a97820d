package dev.runshift.service;

import static dev.runshift.testing.Releases.SERVICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runshift.release.Phase;
import dev.runshift.release.ReleaseSearchAttributes;
import io.temporal.api.sdk.v1.WorkflowMetadata;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.common.SearchAttributes;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the Temporal UI shows of releases started by the service entity (production's only path): the
 * release's search attributes when the worker says they are registered, none when it does not, and the
 * entity's current details.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ServiceVisibilityTest {
  private EntityHarness harness;
  private WorkflowClient client;
  private EntityWaits waits;

  private void start(boolean registered) {
    harness = new EntityHarness(registered);
    client = harness.client;
    waits = harness.waits;
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  @Test
  void aReleaseOfTheEntityCarriesItsSearchAttributesToItsEnd() {
    start(true);
    String image = ServiceWithReleaseWorkflowTest.image('a');
    submit(ServiceWithReleaseWorkflowTest.request('a', "k-a"));
    waits.awaitReleasesHandled(1);

    ReleaseRecord record = status().history().get(0);
    assertEquals(Phase.PROMOTED, record.phase());
    WorkflowExecutionDescription release = client.newUntypedWorkflowStub(record.workflowId()).describe();
    SearchAttributes attributes = release.getTypedSearchAttributes();
    assertEquals(SERVICE.toString(), attributes.get(ReleaseSearchAttributes.SERVICE));
    assertEquals(image, attributes.get(ReleaseSearchAttributes.IMAGE));
    assertEquals("PROMOTED", attributes.get(ReleaseSearchAttributes.PHASE));
    assertEquals(100L, attributes.get(ReleaseSearchAttributes.CANDIDATE_PERCENT));
    assertEquals("Release " + image + " to " + SERVICE, release.getStaticSummary());

    // The entity's static summary is not checked: the test server drops user metadata on signal-with-start.
    String details = entityDetails();
    assertTrue(details.startsWith("**idle**"), details);
    assertTrue(details.contains("serving `" + image + "`"), details);
    assertTrue(details.contains("1 releases started"), details);
  }

  @Test
  void withoutRegisteredAttributesTheEntityStartsReleasesWithoutAny() {
    start(false);
    submit(ServiceWithReleaseWorkflowTest.request('a', "k-a"));
    waits.awaitReleasesHandled(1);

    ReleaseRecord record = status().history().get(0);
    assertEquals(Phase.PROMOTED, record.phase(), record.toString());
    WorkflowExecutionDescription release = client.newUntypedWorkflowStub(record.workflowId()).describe();
    assertEquals(0, release.getTypedSearchAttributes().size());
    assertFalse(entityDetails().isBlank());
  }

  private String entityDetails() {
    return client.newUntypedWorkflowStub(ServiceIds.entityId(SERVICE))
        .query("__temporal_workflow_metadata", WorkflowMetadata.class)
        .getCurrentDetails();
  }

  private void submit(ReleaseSubmission request) {
    ServiceReleases.submit(client, SERVICE, ServiceWithReleaseWorkflowTest.settings(), request);
  }

  private ServiceStatus status() {
    return ServiceReleases.status(client, SERVICE);
  }
}
