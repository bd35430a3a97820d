package dev.runshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runshift.ports.TaskQueues;
import dev.runshift.release.Command;
import dev.runshift.release.ReleaseWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A release no worker processes (as when its workflow tasks keep failing): a query and the control update
 * (what {@code abort} sends) end after the deadline with a sentence, instead of a minute of retries or
 * waiting for ever.
 */
class TemporalDeadlineTest {
  private TestWorkflowEnvironment env;
  private ReleaseWorkflow release;

  @BeforeEach
  void setUp() {
    env = TestWorkflowEnvironment.newInstance();
    env.start(); // no worker serves runshift-workflows
    release = env.getWorkflowClient().newWorkflowStub(ReleaseWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId("release-wedged").setTaskQueue(TaskQueues.WORKFLOWS).build());
    WorkflowClient.start(release::run, null);
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  @Test
  void anUpdateAWedgedReleaseNeverTakesEndsWithASentence() {
    CliException e = assertThrows(CliException.class, () -> TemporalDeadline.call("abort", "release-wedged",
        Duration.ofSeconds(2), () -> release.control(new Command(Command.Action.ABORT, "stuck", "cli:me"))));
    assertTrue(e.getMessage().startsWith("abort: no answer from workflow release-wedged within 2 s."), e.getMessage());
    assertTrue(e.getMessage().contains("Nothing was changed by this command"), e.getMessage());
  }

  @Test
  void aQueryAWedgedReleaseNeverAnswersEndsWithASentence() {
    CliException e = assertThrows(CliException.class, () -> TemporalDeadline.call("status of release",
        "release-wedged", Duration.ofSeconds(2), () -> release.status()));
    assertTrue(e.getMessage().startsWith("status of release: no answer from workflow release-wedged"), e.getMessage());
  }

  @Test
  void anAnswerAndAnErrorPassThrough() {
    assertEquals("ok", TemporalDeadline.call("x", "w", () -> "ok"));
    IllegalStateException thrown = assertThrows(IllegalStateException.class,
        () -> TemporalDeadline.call("x", "w", () -> {
          throw new IllegalStateException("boom");
        }));
    assertEquals("boom", thrown.getMessage());
  }
}
