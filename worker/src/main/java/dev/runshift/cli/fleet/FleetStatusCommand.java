package dev.runshift.cli.fleet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.runshift.cli.TemporalOptions;
import dev.runshift.fleet.FleetStatus;
import dev.runshift.fleet.FleetWorkflows;
import dev.runshift.fleet.ServiceResult;
import dev.runshift.worker.TemporalConnection;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code runshift fleet status ID [--json]}. */
@Command(name = "status", description = "Show a fleet: phase, wave, counts per outcome, in flight, failures.")
public final class FleetStatusCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Spec CommandSpec spec;
  @Mixin TemporalOptions temporal;

  @Parameters(index = "0", paramLabel = "ID") String id;

  @Option(names = "--json", description = "Print the status as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    FleetStatus s;
    try (TemporalConnection connection = temporal.connect(FleetCli.env(spec))) {
      s = FleetCli.onFleet(id, () -> FleetWorkflows.stub(connection.client(), id).status());
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(JSON.writeValueAsString(s));
    } else {
      out.printf("fleet %s  %s%s%n", id, s.phase(), s.message() == null ? "" : "  (" + s.message() + ")");
      out.printf("image     %s%n", s.digest());
      out.printf("wave      %d of %d%s%n", s.wave(), s.waves(), FleetText.waveSizes(s.waveEnds()));
      out.printf("services  %d selected, %d started, %d untouched, failure limit %d%n",
          s.selected(), s.started(), s.untouched(), s.failureLimit());
      out.printf("outcomes  %s%n", FleetText.outcomes(s.counts()));
      out.printf("in flight %s%n", FleetText.inFlight(s.inFlight()));
      for (ServiceResult f : s.failed()) {
        out.printf("failed    %s: %s%n", f.service(), f.reason());
      }
      if (s.paused()) {
        out.printf("paused    %s%n", s.pauseReason());
      }
    }
    out.flush();
    return 0;
  }

}
