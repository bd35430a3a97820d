package dev.runshift.local.cli;

import dev.runshift.cli.CliException;
import dev.runshift.cli.Logging;
import dev.runshift.cli.RunshiftCli;
import dev.runshift.local.DemoResult;
import dev.runshift.local.DemoScenario;
import dev.runshift.local.LocalPorts;
import dev.runshift.local.LocalSettings;
import dev.runshift.local.LocalStack;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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

  @Option(names = "--reports", paramLabel = "DIR",
      description = "Write the releases' reports (HTML) here; default: a new directory under the system's temporary directory.")
  Path reports;

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
      result = new DemoScenario(stack, new DemoConsole(out), reportDir()).run();
    }
    out.printf("%n   demo took %.0f s%n", Duration.ofNanos(System.nanoTime() - started).toMillis() / 1000.0);
    out.flush();
    return result.asExpected() ? 0 : 1;
  }

  private Path reportDir() {
    if (reports != null) {
      return reports;
    }
    try {
      return Files.createTempDirectory("runshift-demo-");
    } catch (IOException e) {
      throw new CliException("cannot create a directory for the reports (give one with --reports DIR): " + e.getMessage(), e);
    }
  }
}
