package dev.runshift.cli;

import dev.runshift.config.ConfigException;
import dev.runshift.policy.InvalidPolicyException;
import dev.runshift.worker.TemporalUnreachableException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;

/** Turns a failure into the one line a user reads. */
public final class UserErrors {
  private UserErrors() {}

  public static String describe(Throwable e) {
    String line;
    if (e instanceof CliException || e instanceof TemporalUnreachableException
        || e instanceof InvalidPolicyException || e instanceof ConfigException) {
      line = e.getMessage();
    } else if (e instanceof WorkflowUpdateException u) {
      line = "rejected: " + applicationMessage(u);
    } else if (e instanceof WorkflowNotFoundException nf) {
      line = "no such workflow: " + nf.getExecution().getWorkflowId();
    } else if ((e instanceof java.io.UncheckedIOException || e instanceof IllegalStateException
        || e instanceof IllegalArgumentException) && e.getMessage() != null) {
      line = e.getMessage();
    } else if (e instanceof StatusRuntimeException s && isUnavailable(s.getStatus())) {
      line = "Temporal became unreachable: " + s.getStatus().getDescription();
    } else {
      line = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
    return oneLine(line);
  }

  /** The innermost application failure's message, or the exception's own. */
  static String applicationMessage(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure af) {
        return af.getOriginalMessage();
      }
    }
    return e.getMessage();
  }

  private static boolean isUnavailable(Status status) {
    return status.getCode() == Status.Code.UNAVAILABLE || status.getCode() == Status.Code.DEADLINE_EXCEEDED;
  }

  static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").trim();
  }
}
