package dev.runshift.service;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.ArrayList;
import java.util.List;

/** A requester for tests: collects the {@link FleetReply} signals a service entity sends it. */
@WorkflowInterface
public interface ReplyCollector {

  @WorkflowMethod
  void run();

  @SignalMethod(name = FleetReply.SIGNAL)
  void releaseFinished(FleetReply reply);

  @QueryMethod
  List<FleetReply> replies();

  class Impl implements ReplyCollector {
    private final List<FleetReply> replies = new ArrayList<>();

    @Override
    public void run() {
      Workflow.await(() -> false);
    }

    @Override
    public void releaseFinished(FleetReply reply) {
      replies.add(reply);
    }

    @Override
    public List<FleetReply> replies() {
      return List.copyOf(replies);
    }
  }
}
