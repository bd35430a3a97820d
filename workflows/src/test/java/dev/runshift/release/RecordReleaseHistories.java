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
 *
 * <p>It records only the current generation of files ({@code release-events-*.json}, sending release
 * events). {@code release-promoted.json}, {@code release-rolled-back.json} and {@code release-operated.json}
 * were recorded before sequential verdicts, {@code release-sequential-*.json} before release events; they
 * must not be recorded again: they are what releases in flight from then look like. Add
 * {@code -Drunshift.recordOnly=FILE} to record one file and leave the others as they are.
 */
@EnabledIfSystemProperty(named = "runshift.recordHistories", matches = "true")
class RecordReleaseHistories {
  private static final Path DIR = Path.of("src/test/resources/histories");

  @Test
  void record() throws IOException {
    Files.createDirectories(DIR);
    record("release-events-promoted.json", RecordedReleases::sequentialPromoted);
    record("release-events-rolled-back.json", RecordedReleases::sequentialRolledBack);
    record("release-events-operated.json", RecordedReleases::operated);
    record("release-transient-retries.json", RecordedReleases::transientRetries);
  }

  private static void record(String file, Function<ReleaseTestEnvironment, WorkflowExecutionHistory> scenario)
      throws IOException {
    String only = System.getProperty("runshift.recordOnly");
    if (only != null && !only.equals(file)) {
      return;
    }
    try (ReleaseTestEnvironment t = ReleaseTestEnvironment.withEvents()) {
      WorkflowExecutionHistory history = scenario.apply(t);
      Files.writeString(DIR.resolve(file), history.toJson(true));
      System.out.println(file + ": " + history.getEvents().size() + " events");
    }
  }
}
