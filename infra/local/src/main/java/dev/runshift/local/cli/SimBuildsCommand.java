package dev.runshift.local.cli;

import dev.runshift.cli.CliException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code runshift sim builds}: a project's simulated builds, newest first. */
@Command(name = "builds", description = "List simulated Cloud Build builds, newest first.")
public final class SimBuildsCommand implements Callable<Integer> {
  @ParentCommand SimCommand sim;
  @Spec CommandSpec spec;
  @Mixin SimOptions simOptions;

  @Option(names = "--project", description = "Project (default: RUNSHIFT_PROJECT).")
  String project;

  @Override
  public Integer call() {
    String p = project != null ? project : sim.root.env().get("RUNSHIFT_PROJECT");
    if (p == null) {
      throw new CliException("no project: pass --project or set RUNSHIFT_PROJECT");
    }
    PrintWriter out = spec.commandLine().getOut();
    JsonNode builds = simOptions.client(sim.root.env())
        .get("/builds?project=" + URLEncoder.encode(p, StandardCharsets.UTF_8)).path("builds");
    for (JsonNode b : builds) {
      out.printf("%s  %-8s %s%n", b.path("id").asText(), b.path("status").asText(),
          b.path("built").isEmpty() ? b.path("images").toString() : b.path("built").get(0).asText());
    }
    if (builds.isEmpty()) {
      out.println("(no builds)");
    }
    out.flush();
    return 0;
  }
}
