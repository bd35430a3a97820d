package dev.runshift.cli;

import dev.runshift.ports.ServiceRef;
import dev.runshift.release.ReleaseStatus;
import dev.runshift.report.ReleaseTimeline;
import dev.runshift.report.ReportFiles;
import dev.runshift.report.EventTimeline;
import dev.runshift.worker.TemporalConnection;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code runshift report S [--release ID] --html FILE | --svg FILE}: a release's timeline as one
 * self-contained HTML page (inline SVG, nothing loaded from the network) or as the SVG picture alone.
 */
@Command(name = "report",
    description = "Write a release's timeline (traffic, verdicts with their intervals, operator actions and "
        + "failures) as a self-contained HTML page and/or an SVG picture.")
public final class ReportCommand implements Callable<Integer> {
  @ParentCommand RunshiftCli root;
  @Spec CommandSpec spec;
  @Mixin TemporalOptions temporal;
  @Mixin ServiceOptions serviceOptions;

  @Parameters(index = "0", paramLabel = "SERVICE", description = "Cloud Run service name.")
  String service;

  @Option(names = "--release", paramLabel = "ID",
      description = "Release id (as `releases` lists it); default: the running release, else the last one.")
  String release;

  @Option(names = "--html", paramLabel = "FILE", description = "Write the report as one HTML page.")
  Path html;

  @Option(names = "--svg", paramLabel = "FILE", description = "Write just the picture, as SVG.")
  Path svg;

  @Override
  public Integer call() {
    if (html == null && svg == null) {
      throw new CliException("say where to write the report: --html FILE and/or --svg FILE");
    }
    ServiceRef ref = serviceOptions.service(service, root.env());
    ReleaseStatus status;
    try (TemporalConnection connection = temporal.connect(root.env())) {
      status = release == null
          ? ServiceLookup.latestStatus(connection.client(), ref)
          : ServiceLookup.releaseStatus(connection.client(), ref, release);
    }
    // A release with nothing to report yet, or a file that cannot be written, is one line (UserErrors).
    ReleaseTimeline timeline = EventTimeline.of(status);
    ReportFiles.write(timeline, html, svg);
    PrintWriter out = spec.commandLine().getOut();
    out.printf("release %s of %s (%s)%n", timeline.releaseId(), timeline.service(), timeline.outcome());
    for (Path file : new Path[] {html, svg}) {
      if (file != null) {
        out.println("wrote " + file.toAbsolutePath());
      }
    }
    out.flush();
    return 0;
  }
}
