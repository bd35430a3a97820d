package dev.runshift.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Model.CommandSpec;

/** Prints a control API answer as indented JSON. */
final class SimPrinter {
  private SimPrinter() {}

  static void print(CommandSpec spec, JsonNode answer) {
    spec.commandLine().getOut().println(answer.toPrettyString());
    spec.commandLine().getOut().flush();
  }
}
