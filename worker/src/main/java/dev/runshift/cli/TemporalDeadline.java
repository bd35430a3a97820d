package dev.runshift.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A deadline on one CLI call to a workflow. A query or an update is answered by the workflow's worker, so
 * on a workflow that makes no progress (its workflow tasks fail, or no worker polls its task queue) a
 * query fails only after the SDK's retries (about a minute) and an update waits for ever. Here both end
 * after {@link #LIMIT} with a sentence saying what happened and what to look at.
 */
public final class TemporalDeadline {
  /** Long enough for a busy worker, short enough for a person waiting at a terminal. */
  static final Duration LIMIT = Duration.ofSeconds(30);

  private TemporalDeadline() {}

  /**
   * {@code call}'s result, or a {@link CliException} saying {@code what} got no answer within {@link
   * #LIMIT}. Exceptions of {@code call} are rethrown as they are.
   *
   * @param workflowId the workflow asked, named in the message so the operator can look at it
   */
  public static <T> T call(String what, String workflowId, Callable<T> call) {
    return call(what, workflowId, LIMIT, call);
  }

  static <T> T call(String what, String workflowId, Duration limit, Callable<T> call) {
    ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "runshift-cli-call");
      t.setDaemon(true);
      return t;
    });
    try {
      Future<T> answer = thread.submit(call);
      try {
        return answer.get(limit.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        answer.cancel(true);
        throw new CliException(what + ": no answer from workflow " + workflowId + " within " + limit.toSeconds()
            + " s. Its worker is not processing it: no `runshift worker` serving the workflows role is"
            + " running, or its workflow tasks keep failing (see `temporal workflow describe -w " + workflowId
            + "` and the worker's log). Nothing was changed by this command.", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw new IllegalStateException(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CliException("interrupted while waiting for workflow " + workflowId, e);
      }
    } finally {
      thread.shutdownNow();
    }
  }
}
