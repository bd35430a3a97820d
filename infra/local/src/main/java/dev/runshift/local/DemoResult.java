package dev.runshift.local;

import dev.runshift.release.Phase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the demo observed.
 *
 * @param problems every way the run differed from the expected story; empty when it went as expected
 */
public record DemoResult(List<Release> releases, List<String> problems) {

  /**
   * One release of the demo.
   *
   * @param duration from the build's start to the release's final phase (wall time)
   * @param apiCalls Google API calls the simulator received meanwhile, per API
   * @param report the release's report (HTML)
   */
  public record Release(
      String label,
      String releaseId,
      String image,
      String candidateRevision,
      Phase expected,
      Phase outcome,
      String reason,
      Duration duration,
      Map<String, Long> apiCalls,
      Path report) {

    public long totalApiCalls() {
      return apiCalls.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  public boolean asExpected() {
    return problems.isEmpty();
  }
}
