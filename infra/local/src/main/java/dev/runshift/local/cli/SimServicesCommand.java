package dev.runshift.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code runshift sim services}: every simulated service and its traffic. */
@Command(name = "services", description = "List the simulated Cloud Run services and their traffic.")
public final class SimServicesCommand implements Callable<Integer> {
  @ParentCommand SimCommand sim;
  @Spec CommandSpec spec;
  @Mixin SimOptions simOptions;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    JsonNode services = simOptions.client(sim.root.env()).get("/services").path("services");
    for (JsonNode s : services) {
      StringBuilder traffic = new StringBuilder();
      for (JsonNode t : s.path("traffic")) {
        traffic.append(' ').append(t.path("revision").asText()).append('=').append(t.path("percent").asInt()).append('%');
        if (t.has("tag")) {
          traffic.append('(').append(t.path("tag").asText()).append(')');
        }
      }
      out.printf("%s%n  image %s%n  traffic%s%n", s.path("name").asText(), s.path("image").asText(), traffic);
    }
    if (services.isEmpty()) {
      out.println("(no services)");
    }
    out.flush();
    return 0;
  }
}
