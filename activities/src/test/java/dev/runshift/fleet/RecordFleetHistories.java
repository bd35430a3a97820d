package dev.runshift.fleet;

import io.temporal.common.WorkflowExecutionHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Records the histories of {@link RecordedFleets} into {@code src/test/resources/histories} for
 * {@link FleetHistoryTest}. Not part of the normal build. Run it only after a change guarded by
 * {@code Workflow.getVersion}, keeping the old files beside the new ones:
 *
 * <pre>
 * mvn -B -o -q test -pl workflows -am -Dtest=RecordFleetHistories -Drunshift.recordHistories=true \
 *     -Drunshift.recordOnly=fleet-overdue.json -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * <p>{@code fleet-waves.json} was recorded before overdue replies existed (no
 * {@code fleet-overdue-replies} marker): it shows that fleets already running keep their behaviour.
 */
@EnabledIfSystemProperty(named = "runshift.recordHistories", matches = "true")
class RecordFleetHistories {
  private static final Path DIR = Path.of("src/test/resources/histories");

  @Test
  void record() throws IOException {
    Files.createDirectories(DIR);
    record("fleet-waves.json", RecordedFleets::waves);
    record("fleet-overdue.json", RecordedFleets::overdue);
  }

  private static void record(String file, Function<FleetHarness, WorkflowExecutionHistory> scenario)
      throws IOException {
    String only = System.getProperty("runshift.recordOnly");
    if (only != null && !only.equals(file)) {
      return;
    }
    try (FleetHarness h = new FleetHarness()) {
      WorkflowExecutionHistory history = scenario.apply(h);
      Files.writeString(DIR.resolve(file), history.toJson(true));
      System.out.println(file + ": " + history.getEvents().size() + " events");
    }
  }
}
