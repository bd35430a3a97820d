package dev.runshift.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The production jar ({@code worker/target/runshift-worker.jar}, built in {@code package}) carries the worker
 * and the operator CLI and nothing of the local kit: no Cloud simulator, no Temporal test server, no
 * benchmarks, no embedded stack. Run by failsafe after {@code package}.
 */
class ProductionJarIT {
  private static final List<String> FORBIDDEN = List.of(
      "dev/runshift/simulator/",        // the Cloud simulator
      "io/temporal/testing/",           // temporal-testing's environments
      "io/temporal/testserver/",        // temporal-test-server (the SDK itself ships an in-process gRPC
      "io/temporal/internal/testservice/TestWorkflowService", // server helper in the same package)
      "dev/runshift/bench/",            // benchmarks
      "dev/runshift/local/");           // the embedded stack, demo, dev, sim, bench commands

  @Test
  void carriesTheWorkerAndCliButNothingOfTheLocalKit() throws IOException {
    Path jar = Path.of(System.getProperty("runshift.worker.jar", "target/runshift-worker.jar"));
    assertTrue(Files.isRegularFile(jar), "no production jar at " + jar.toAbsolutePath());
    try (JarFile file = new JarFile(jar.toFile())) {
      List<String> names = file.stream().map(ZipEntry::getName).toList();
      assertTrue(names.contains("dev/runshift/worker/RunshiftWorker.class"), "the worker is missing");
      assertTrue(names.contains("dev/runshift/cli/Runshift.class"), "the operator CLI is missing");
      assertEquals("dev.runshift.cli.Runshift", file.getManifest().getMainAttributes().getValue("Main-Class"));
      List<String> leaked = names.stream()
          .filter(n -> FORBIDDEN.stream().anyMatch(n::startsWith))
          .limit(10)
          .toList();
      assertEquals(List.of(), leaked, "local-kit classes in the production jar");
    }
  }
}
