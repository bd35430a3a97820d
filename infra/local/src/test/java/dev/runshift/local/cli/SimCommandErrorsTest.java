package dev.runshift.local.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runshift.cli.CliRun;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimCommandErrorsTest {

  @Test
  void unreachableSimulatorIsOneLine() throws IOException {
    CliRun r = LocalCli.run(Map.of("RUNSHIFT_SIM", "http://localhost:" + freePort()), "sim", "services");
    assertEquals(1, r.exitCode());
    assertEquals(1, r.errLines().length, r.toString());
    assertTrue(r.err().startsWith("runshift: the simulator control API is unreachable at http://localhost:"), r.toString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
