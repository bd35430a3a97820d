package dev.runshift.local.cli;

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

/** {@code runshift sim calls}: the Google API calls the simulator received, oldest first. */
@Command(name = "calls", description = "Show the Google API calls the simulator received.")
public final class SimCallsCommand implements Callable<Integer> {
  @ParentCommand SimCommand sim;
  @Spec CommandSpec spec;
  @Mixin SimOptions simOptions;

  @Option(names = "--since", paramLabel = "N", description = "Only calls from index N on.")
  int since;

  @Option(names = "--method", description = "Only methods containing this text, e.g. UpdateService.")
  String method;

  @Option(names = "--clear", description = "Forget the recorded calls instead of showing them.")
  boolean clear;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  public Integer call() {
    SimControlClient client = simOptions.client(sim.root.env());
    PrintWriter out = spec.commandLine().getOut();
    if (clear) {
      client.delete("/calls");
      out.println("call log cleared");
      return 0;
    }
    String q = "/calls?since=" + since
        + (method == null ? "" : "&method=" + URLEncoder.encode(method, StandardCharsets.UTF_8));
    JsonNode result = client.get(q);
    if (json) {
      out.println(result.toPrettyString());
      return 0;
    }
    for (JsonNode c : result.path("calls")) {
      out.printf("%5d  %s  %-8s %-45s %s%n",
          c.path("index").asInt(), c.path("at").asText(), c.path("status").asText(),
          c.path("method").asText(), c.path("resource").asText());
    }
    out.printf("%d call(s); next index %d%n", result.path("calls").size(), result.path("next").asInt());
    return 0;
  }
}
