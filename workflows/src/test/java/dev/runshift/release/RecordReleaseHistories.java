package dev.runshift.release;

import dev.runshift.testing.ReleaseTestEnvironment;
import io.temporal.common.WorkflowExecutionHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Records the histories of {@link RecordedReleases} as JSON into {@code src/test/resources/histories} for
 * {@link ReleaseHistoryTest}. Not part of the normal build (its name is not a test name and it needs a
 * property). Run it after a workflow change that is meant to be incompatible (and is guarded by
 * {@code Workflow.getVersion}), keeping the old files beside the new ones:
 *
 * <pre>
 * mvn -B -o -q test -pl workflows -Dtest=RecordReleaseHistories -Drunshift.recordHistories=true
 * </pre>
 */
@EnabledIfSystemProperty(named = "runshift.recordHistories", matches = "true")
class RecordReleaseHistories {
  private static final Path DIR = Path.of("src/test/resources/histories");

  @Test
  void record() throws IOException {
    Files.createDirectories(DIR);
    record("release-promoted.json", RecordedReleases::promoted);
    record("release-rolled-back.json", RecordedReleases::rolledBack);
    record("release-operated.json", RecordedReleases::operated);
  }

  private static void record(String file, Function<ReleaseTestEnvironment, WorkflowExecutionHistory> scenario)
      throws IOException {
    try (ReleaseTestEnvironment t = ReleaseTestEnvironment.start()) {
      WorkflowExecutionHistory history = scenario.apply(t);
      Files.writeString(DIR.resolve(file), history.toJson(true));
      System.out.println(file + ": " + history.getEvents().size() + " events");
    }
  }
}
