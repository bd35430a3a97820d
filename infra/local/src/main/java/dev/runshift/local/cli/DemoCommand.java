package dev.runshift.local.cli;

import dev.runshift.cli.Logging;
import dev.runshift.cli.RunshiftCli;
import dev.runshift.local.DemoResult;
import dev.runshift.local.DemoScenario;
import dev.runshift.local.LocalPorts;
import dev.runshift.local.LocalSettings;
import dev.runshift.local.LocalStack;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code runshift demo}: the whole system in this process, one rollout that is promoted and one that is
 * rolled back. Exits 0 only if both ended as expected.
 */
@Command(name = "demo", description = "Run a promoted and a rolled-back release locally, in one process (about a minute).")
public final class DemoCommand implements Callable<Integer> {
  @ParentCommand RunshiftCli root;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    Logging.quietUnless(root.verbose());
    LocalSettings settings = LocalSettings.demo();
    long started = System.nanoTime();
    out.println("Runshift demo: Temporal's test server, a local Google Cloud, a worker and the Pub/Sub trigger,");
    out.println("all in this process. Nothing leaves your machine.");
    DemoResult result;
    try (LocalStack stack = LocalStack.start(settings, LocalPorts.any())) {
      LocalBanner.printStack(stack, out);
      LocalBanner.printTimings(settings, out);
      result = new DemoScenario(stack, new DemoConsole(out)).run();
    }
    out.printf("%n   demo took %.0f s%n", Duration.ofNanos(System.nanoTime() - started).toMillis() / 1000.0);
    out.flush();
    return result.asExpected() ? 0 : 1;
  }
}
