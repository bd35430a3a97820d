package dev.runshift.local.cli;

import dev.runshift.cli.CliException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code runshift sim build REPOSITORY:TAG}: a Cloud Build build, as a build trigger would start it. Its
 * notifications go to {@code projects/P/topics/cloud-builds}, where the trigger of {@code runshift dev}
 * listens.
 */
@Command(name = "build", description = "Start a simulated Cloud Build build of REPOSITORY:TAG (notifications go to the trigger).")
public final class SimBuildCommand implements Callable<Integer> {
  @ParentCommand SimCommand sim;
  @Spec CommandSpec spec;
  @Mixin SimOptions simOptions;

  @Parameters(index = "0", paramLabel = "REPOSITORY:TAG", description = "The image to build and push.")
  String image;

  @Option(names = "--project", description = "Project to build in (default: RUNSHIFT_PROJECT).")
  String project;

  @Option(names = "--fail", paramLabel = "LOG_TAIL", description = "The build fails, printing this.")
  String fail;

  @Override
  public Integer call() {
    String p = project != null ? project : sim.root.env().get("RUNSHIFT_PROJECT");
    if (p == null) {
      throw new CliException("no project: pass --project or set RUNSHIFT_PROJECT");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("project", p);
    body.put("image", image);
    int colon = image.lastIndexOf(':');
    body.put("tags", colon > image.lastIndexOf('/') ? List.of(image.substring(colon + 1)) : List.of());
    if (fail != null) {
      body.put("outcome", "FAILURE");
      body.put("logTail", fail);
    }
    SimPrinter.print(spec, simOptions.client(sim.root.env()).post("/builds", body));
    return 0;
  }
}
