package dev.runshift.service;

import io.temporal.common.WorkflowExecutionHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Records the histories of {@link RecordedServices} into {@code src/test/resources/histories} for
 * {@link ServiceHistoryTest}. Not part of the normal build. Run it only after a change guarded by
 * {@code Workflow.getVersion}, keeping the old files beside the new ones:
 *
 * <pre>
 * mvn -B -o -q test -pl workflows -Dtest=RecordServiceHistories -Drunshift.recordHistories=true
 * </pre>
 */
@EnabledIfSystemProperty(named = "runshift.recordHistories", matches = "true")
class RecordServiceHistories {
  private static final Path DIR = Path.of("src/test/resources/histories");

  @Test
  void record() throws IOException {
    Files.createDirectories(DIR);
    record("service-continued.json", RecordedServices::continued);
    record("service-open.json", RecordedServices::open);
  }

  private static void record(String file, Function<RecordedServices, WorkflowExecutionHistory> scenario)
      throws IOException {
    try (RecordedServices s = new RecordedServices()) {
      WorkflowExecutionHistory history = scenario.apply(s);
      Files.writeString(DIR.resolve(file), history.toJson(true));
      System.out.println(file + ": " + history.getEvents().size() + " events");
    }
  }
}
