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
 *
 * <p>Add {@code -Drunshift.recordOnly=FILE} to record one new file and leave the others as they are.
 */
@EnabledIfSystemProperty(named = "runshift.recordHistories", matches = "true")
class RecordServiceHistories {
  private static final Path DIR = Path.of("src/test/resources/histories");

  @Test
  void record() throws IOException {
    Files.createDirectories(DIR);
    record("service-continued.json", RecordedServices::continued);
    record("service-open.json", RecordedServices::open);
    record("service-replies.json", RecordedServices::replies);
    record("service-search-attributes.json", true, RecordedServices::open);
  }

  private static void record(String file, Function<RecordedServices, WorkflowExecutionHistory> scenario)
      throws IOException {
    record(file, false, scenario);
  }

  private static void record(
      String file, boolean searchAttributes, Function<RecordedServices, WorkflowExecutionHistory> scenario)
      throws IOException {
    String only = System.getProperty("runshift.recordOnly");
    if (only != null && !only.equals(file)) {
      return;
    }
    try (RecordedServices s = new RecordedServices(searchAttributes)) {
      WorkflowExecutionHistory history = scenario.apply(s);
      Files.writeString(DIR.resolve(file), history.toJson(true));
      System.out.println(file + ": " + history.getEvents().size() + " events");
    }
  }
}
