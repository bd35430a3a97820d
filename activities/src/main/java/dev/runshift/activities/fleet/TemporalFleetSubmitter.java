package dev.runshift.activities.fleet;

import dev.runshift.fleet.EntityView;
import dev.runshift.fleet.FleetSubmitter;
import dev.runshift.fleet.OverdueReplies;
import dev.runshift.ports.ServiceRef;
import dev.runshift.release.ReleaseOutcome;
import dev.runshift.service.CurrentRelease;
import dev.runshift.service.FleetReply;
import dev.runshift.service.ReleaseSubmission;
import dev.runshift.service.ServiceIds;
import dev.runshift.service.ServiceReleases;
import dev.runshift.service.ServiceSettings;
import dev.runshift.service.ServiceStatus;
import dev.runshift.service.ServiceWorkflow;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.TemporalException;
import java.util.List;

/**
 * {@link FleetSubmitter} through {@link ServiceReleases#submit}, with the client injected (an activity
 * has no client of its own). Entities it starts get {@code settings}.
 */
public final class TemporalFleetSubmitter implements FleetSubmitter {
  private final WorkflowClient client;
  private final ServiceSettings settings;

  public TemporalFleetSubmitter(WorkflowClient client, ServiceSettings settings) {
    this.client = client;
    this.settings = settings;
  }

  public TemporalFleetSubmitter(WorkflowClient client) {
    this(client, ServiceSettings.defaults());
  }

  @Override
  public void submit(ServiceRef service, ReleaseSubmission request) {
    ServiceReleases.submit(client, service, settings, request);
  }

  @Override
  public FleetReply lookUp(ServiceRef service, String requestKey, String image, long sentAt) {
    return OverdueReplies.settle(service, requestKey, image, sentAt, view(service)).orElse(null);
  }

  /** The entity as Temporal shows it; a query that fails (no worker, say) leaves its status unknown. */
  private EntityView view(ServiceRef service) {
    String entityId = ServiceIds.entityId(service);
    WorkflowExecutionStatus state;
    try {
      state = client.newUntypedWorkflowStub(entityId).describe().getStatus();
    } catch (WorkflowNotFoundException e) {
      return EntityView.missing();
    }
    boolean open = state == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    ServiceStatus status;
    try {
      status = client.newWorkflowStub(ServiceWorkflow.class, entityId).status();
    } catch (TemporalException e) {
      status = open ? null : fromHistory(service, entityId);
    }
    EntityView.ReleaseView current =
        open || status == null || status.current() == null ? null : release(status.current().workflowId(),
            status.current().releaseId());
    return new EntityView(true, open, status, current);
  }

  /**
   * A closed entity that could not be asked, as far as its history shows: only the release it was running
   * (its finished releases and served image stay unknown).
   */
  private ServiceStatus fromHistory(ServiceRef service, String entityId) {
    CurrentRelease current = EntityHistories.openRelease(client, entityId).orElse(null);
    return new ServiceStatus(service, entityId, null, current, null, List.of(), List.of(), 0, 0);
  }

  private EntityView.ReleaseView release(String workflowId, String releaseId) {
    WorkflowStub release = client.newUntypedWorkflowStub(workflowId);
    WorkflowExecutionStatus state;
    try {
      state = release.describe().getStatus();
    } catch (WorkflowNotFoundException e) {
      return new EntityView.ReleaseView(releaseId, false, null, "release workflow " + workflowId + " not found");
    }
    if (state == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      return new EntityView.ReleaseView(releaseId, true, null, null);
    }
    if (state == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
      ReleaseOutcome outcome = release.getResult(ReleaseOutcome.class);
      return new EntityView.ReleaseView(releaseId, false, outcome.phase(), outcome.reason());
    }
    String how = state.name().replace("WORKFLOW_EXECUTION_STATUS_", "").toLowerCase();
    return new EntityView.ReleaseView(releaseId, false, null, "release workflow " + how);
  }
}
