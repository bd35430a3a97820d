package dev.runshift.local.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runshift.cli.CliHelpTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The local kit's commands (demo, dev, sim, bench) show their own help both ways too. */
class LocalHelpTest {
  @Test
  void everyLocalCommandShowsItsOwnHelp() {
    List<List<String>> paths = CliHelpTest.assertEveryCommandShowsItsOwnHelp(() -> LocalRunshift.commandLine(Map.of()));
    assertTrue(paths.contains(List.of("sim", "create-service")), paths.toString());
    assertTrue(paths.contains(List.of("bench", "decisions")), paths.toString());
  }
}
