package dev.runshift.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code terraform fmt -check} over {@code infra/terraform}, the deployment code. Providers cannot be
 * downloaded on the build machines, so {@code terraform validate} cannot run there; formatting can. Skipped,
 * saying why, where no {@code terraform} is installed (set {@code RUNSHIFT_REQUIRE_TERRAFORM=1} to fail instead).
 */
class TerraformFormatTest {

  @Test
  void terraformIsFormatted() throws Exception {
    Path dir = Path.of("..", "infra", "terraform").toAbsolutePath().normalize();
    boolean installed = onPath("terraform");
    if (!"1".equals(System.getenv("RUNSHIFT_REQUIRE_TERRAFORM"))) {
      assumeTrue(installed, "terraform is not on the PATH: infra/terraform's formatting is not checked");
    }
    Process fmt = new ProcessBuilder("terraform", "fmt", "-check", "-recursive", "-list=true", dir.toString())
        .redirectErrorStream(false)
        .start();
    String unformatted = new String(fmt.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    fmt.getErrorStream().transferTo(java.io.OutputStream.nullOutputStream());
    fmt.waitFor(2, TimeUnit.MINUTES);
    assertEquals("", unformatted, "files terraform fmt would change (run terraform fmt -recursive infra/terraform)");
    assertEquals(0, fmt.exitValue());
  }

  private static boolean onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }
}
