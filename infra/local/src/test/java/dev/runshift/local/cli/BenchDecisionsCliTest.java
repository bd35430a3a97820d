package dev.runshift.local.cli;

import dev.runshift.cli.CliRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code runshift bench decisions}: help, a small corpus as text and JSON, errors naming the field. */
class BenchDecisionsCliTest {
  private static final String CORPUS = """
      replicates: 2
      grid:
        baseRates: [0.5%]
        regressions: [none, rate 20%]
        requestsPerSecond: [50]
      """;

  @Test
  void helpExplainsInputsAndOutputsWithoutPicocliWarnings() {
    PrintStream original = System.err;
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    CliRun r;
    try {
      r = LocalCli.run(Map.of(), "bench", "decisions", "--help");
    } finally {
      System.setErr(original);
    }
    assertEquals(0, r.exitCode(), r.toString());
    String help = r.out().replaceAll("\\s+", " ");
    for (String expected : new String[] {"--corpus", "--delay", "--replicates", "--json", "false-rollback rate",
        "detection rate", "extra", "stalled", "0.1%, 0.5%, 0.9%", "healthy rolled back <= 1%"}) {
      assertTrue(help.contains(expected), expected + " in\n" + r.out());
    }
    assertFalse(stderr.toString(StandardCharsets.UTF_8).contains("picocli WARN"), stderr.toString());
    assertFalse(r.err().contains("picocli WARN"), r.err());
    assertTrue(LocalCli.run(Map.of(), "bench", "--help").out().contains("decisions"));
  }

  @Test
  void aSmallCorpusPrintsTablesOrJson(@TempDir Path dir) throws Exception {
    Path corpus = dir.resolve("corpus.yaml");
    Files.writeString(corpus, CORPUS);
    CliRun text = LocalCli.run(Map.of(), "bench", "decisions", "--corpus", corpus.toString(), "--threads", "1");
    assertEquals(0, text.exitCode(), text.toString());
    assertTrue(text.out().contains("base 0.5%, no regression, 50 rps  [healthy]"), text.out());
    assertTrue(text.out().contains("rolled back"), text.out());
    assertTrue(text.out().contains("releases simulated: 20"), text.out());
    assertTrue(text.out().contains("20% 5xx candidate never promoted"), text.out());

    CliRun json = LocalCli.run(Map.of(), "bench", "decisions", "--corpus", corpus.toString(), "--replicates", "1",
        "--delay", "5m", "--json");
    assertEquals(0, json.exitCode(), json.toString());
    JsonNode root = new ObjectMapper().readTree(json.out());
    assertEquals("5m", root.get("delay").asText());
    assertEquals(10, root.get("releases").asLong());
    assertEquals(2, root.get("cells").size());
    JsonNode first = root.get("cells").get(0).get("policies").get(0);
    assertEquals("runshift", first.get("policy").asText());
    assertTrue(first.has("rolledBack") && first.has("meanExtra5xx") && first.has("stalled"), first.toString());
    assertEquals(7, root.get("targets").size());
  }

  @Test
  void aBadCorpusIsOneLineNamingTheField(@TempDir Path dir) throws Exception {
    Path corpus = dir.resolve("bad.yaml");
    Files.writeString(corpus, "cells: [{baseRate: 0.5%, requestsPerSecond: fast}]\n");
    CliRun r = LocalCli.run(Map.of(), "bench", "decisions", "--corpus", corpus.toString());
    assertEquals(1, r.exitCode(), r.toString());
    assertEquals(1, r.errLines().length, r.toString());
    assertEquals("runshift: " + corpus + ": cells[0].requestsPerSecond: \"fast\" is not a positive number",
        r.errLines()[0]);
    CliRun zero = LocalCli.run(Map.of(), "bench", "decisions", "--replicates", "0");
    assertEquals(2, zero.exitCode(), zero.toString());
  }
}
