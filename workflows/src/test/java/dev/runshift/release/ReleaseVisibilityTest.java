package dev.runshift.release;

import static dev.runshift.testing.Releases.SERVICE;
import static dev.runshift.testing.Releases.SERVING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runshift.policy.RolloutPolicy;
import dev.runshift.testing.ReleaseTestEnvironment;
import dev.runshift.testing.Releases;
import io.temporal.api.sdk.v1.WorkflowMetadata;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import io.temporal.testing.TestEnvironmentOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the Temporal UI shows of a release: search attributes, static summary, current details. */
class ReleaseVisibilityTest {
  private ReleaseTestEnvironment t;

  @BeforeEach
  void setUp() {
    TestEnvironmentOptions.Builder options = ReleaseTestEnvironment.options();
    ReleaseSearchAttributes.definitions().forEach(options::registerSearchAttribute);
    t = ReleaseTestEnvironment.start(options.build());
    t.cloudRun.givenService(SERVICE, SERVING, "checkout-00042-def");
    t.metrics.requestsPerSecond(100);
  }

  @AfterEach
  void tearDown() {
    t.close();
  }

  @Test
  void registeredSearchAttributesFollowThePhaseAndPercent() {
    ReleaseRequest request = Releases.ofImage("r-visible", RolloutPolicy.defaults());
    ReleaseWorkflow release = t.startRelease(request, ReleaseWorkflows.options(request, true));
    WorkflowStub stub = WorkflowStub.fromTyped(release);

    t.awaitStatus(release, s -> s.stepIndex() == 1 && s.phase() == Phase.VERIFYING);
    SearchAttributes during = stub.describe().getTypedSearchAttributes();
    assertEquals("VERIFYING", during.get(ReleaseSearchAttributes.PHASE));
    assertEquals(50L, during.get(ReleaseSearchAttributes.CANDIDATE_PERCENT)); // defaults: 10, 50, 100
    assertEquals(SERVICE.toString(), during.get(ReleaseSearchAttributes.SERVICE));
    assertEquals(request.image(), during.get(ReleaseSearchAttributes.IMAGE));
    String details = stub.query("__temporal_workflow_metadata", WorkflowMetadata.class).getCurrentDetails();
    assertTrue(details.startsWith("**VERIFYING** · candidate at 50%"), details);

    stub.getResult(ReleaseOutcome.class);
    WorkflowExecutionDescription done = stub.describe();
    assertEquals("PROMOTED", done.getTypedSearchAttributes().get(ReleaseSearchAttributes.PHASE));
    assertEquals(100L, done.getTypedSearchAttributes().get(ReleaseSearchAttributes.CANDIDATE_PERCENT));
    assertEquals("Release " + request.image() + " to " + SERVICE, done.getStaticSummary());
  }

  @Test
  void aReleaseFromSourceGetsItsImageAttributeOnceBuilt() {
    ReleaseRequest request = Releases.fromSource("r-built", RolloutPolicy.defaults());
    ReleaseWorkflow release = t.startRelease(request, ReleaseWorkflows.options(request, true));
    WorkflowStub stub = WorkflowStub.fromTyped(release);
    ReleaseOutcome outcome = stub.getResult(ReleaseOutcome.class);
    assertEquals(Phase.PROMOTED, outcome.phase());
    assertEquals(outcome.image(), stub.describe().getTypedSearchAttributes().get(ReleaseSearchAttributes.IMAGE));
  }

  @Test
  void withoutRegisteredAttributesTheWorkflowDoesNotUpsertAny() {
    ReleaseRequest request = Releases.ofImage("r-plain", RolloutPolicy.defaults());
    ReleaseWorkflow release = t.startRelease(request, ReleaseWorkflows.options(request, false));
    WorkflowStub stub = WorkflowStub.fromTyped(release);
    assertEquals(Phase.PROMOTED, stub.getResult(ReleaseOutcome.class).phase());
    assertEquals(0, stub.describe().getTypedSearchAttributes().size());
  }
}
