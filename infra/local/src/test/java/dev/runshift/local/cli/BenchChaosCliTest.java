package dev.runshift.local.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runshift.cli.CliRun;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code runshift bench chaos}: runs end to end with a tiny N and prints every figure it promises. */
class BenchChaosCliTest {
  @Test
  void aTinyChaosRunPrintsEveryFigure() {
    // Four releases: one from source, one bad image to roll back, two to promote.
    CliRun r = LocalCli.run(Map.of(), "bench", "chaos", "--releases", "4", "--restart-every-minutes", "3");
    assertTrue(r.exitCode() == 0 || r.exitCode() == 1, r.toString());
    for (String figure : new String[] {"finished with the expected outcome", "parked (AWAITING_OPERATOR)",
        "stuck (neither)", "duplicate builds", "duplicate revisions", "wrong final traffic maps",
        "largest history (events)", "time inflation under chaos", "activity worker restarts"}) {
      assertTrue(r.out().contains(figure), figure + " in\n" + r.out());
    }
    // The fault-free anchor must do its job, or the ratios mean nothing.
    assertTrue(r.out().matches("(?s).*finished with the expected outcome\\s+4\\s+\\d+.*"), r.out());
    assertEquals(r.exitCode() == 0, r.out().matches("(?s).*finished with the expected outcome\\s+4\\s+4\\s.*"), r.out());
  }

  @Test
  void badOptionsAreRejectedWithUsage() {
    CliRun r = LocalCli.run(Map.of(), "bench", "chaos", "--releases", "0");
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(r.err().contains("--releases"), r.err());
  }
}
