package dev.runshift.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The report as a real browser draws it: headless Chromium takes a screenshot of the HTML page, and the
 * picture must show the revisions' colours, the unhealthy verdict and the operator's markers. The PNG is
 * kept under {@code worker/target/report-screenshots/} to look at. Skipped only when no Chromium is
 * installed (Debian: {@code apt-get install chromium}; or set {@code RUNSHIFT_CHROMIUM} to its path).
 */
class ReportInBrowserTest {
  private static final int WIDTH = 1280;
  private static final int HEIGHT = 1150;
  private static final Path OUT = Path.of("target", "report-screenshots");

  @Test
  void chromiumDrawsTheReport() throws Exception {
    Optional<Path> chromium = chromium();
    Assumptions.assumeTrue(chromium.isPresent(),
        "no Chromium found (RUNSHIFT_CHROMIUM, or chromium / chromium-browser / google-chrome on PATH): "
            + "the report is not checked in a browser");
    Files.createDirectories(OUT);
    Path html = OUT.resolve("rolled-back.html").toAbsolutePath();
    Path png = OUT.resolve("rolled-back.png").toAbsolutePath();
    Files.deleteIfExists(png);
    Files.writeString(html, TimelineHtml.render(Timelines.rolledBack()));

    screenshot(chromium.get(), html, png);

    BufferedImage image = ImageIO.read(png.toFile());
    assertNotNull(image, "not a PNG: " + png);
    assertEquals(WIDTH, image.getWidth());
    assertEquals(HEIGHT, image.getHeight());
    // The inline SVG was drawn: large areas of the candidate's and stable's colours (traffic), and the
    // small unhealthy diamond and operator marker labels.
    assertTrue(pixelsNear(image, 0xe8710a) > 20_000, "candidate orange: " + pixelsNear(image, 0xe8710a));
    assertTrue(pixelsNear(image, 0x1a73e8) > 40_000, "stable blue: " + pixelsNear(image, 0x1a73e8));
    assertTrue(pixelsNear(image, 0xd93025) > 30, "unhealthy red: " + pixelsNear(image, 0xd93025));
    assertTrue(pixelsNear(image, 0x8e24aa) > 30, "operator purple: " + pixelsNear(image, 0x8e24aa));
  }

  /** Runs headless Chromium on {@code html} and waits for the screenshot in {@code png}. */
  static void screenshot(Path chromium, Path html, Path png) throws Exception {
    List<String> command = List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--hide-scrollbars", "--no-first-run", "--screenshot=" + png, "--window-size=" + WIDTH + "," + HEIGHT,
        html.toUri().toString());
    File log = OUT.resolve("chromium.log").toFile();
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
    // Generous: a busy machine starts a browser slowly. Not a timing assertion, a guard against a hang.
    if (!process.waitFor(3, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("chromium did not finish; see " + log);
    }
    assertTrue(Files.size(png) > 0, "no screenshot; see " + log);
  }

  static Optional<Path> chromium() {
    String configured = System.getenv("RUNSHIFT_CHROMIUM");
    if (configured != null && !configured.isBlank()) {
      return Optional.of(Path.of(configured)).filter(Files::isExecutable);
    }
    String path = System.getenv().getOrDefault("PATH", "");
    for (String name : List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")) {
      for (String dir : path.split(File.pathSeparator)) {
        Path candidate = Path.of(dir, name);
        if (!dir.isEmpty() && Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /** Pixels within a small distance of {@code rgb} in each channel (anti-aliasing aside). */
  private static long pixelsNear(BufferedImage image, int rgb) {
    long count = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int p = image.getRGB(x, y);
        if (Math.abs(((p >> 16) & 0xff) - ((rgb >> 16) & 0xff)) <= 8
            && Math.abs(((p >> 8) & 0xff) - ((rgb >> 8) & 0xff)) <= 8
            && Math.abs((p & 0xff) - (rgb & 0xff)) <= 8) {
          count++;
        }
      }
    }
    return count;
  }
}
